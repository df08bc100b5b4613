//! Markdown documents: rules edit prose only; code, links, raw HTML and front matter keep every byte.

use mtfix::markup::Syntax;
use mtfix::{Engine, FixOptions, Safety};

fn fix_markdown(text: &str) -> String {
    let engine = Engine::builtin().expect("built-ins compile");
    let options = FixOptions {
        protected: Syntax::Markdown.protected(text),
        ..FixOptions::new(Safety::Safe)
    };
    engine.fix_with(text, &options).expect("converges").text
}

#[test]
fn only_prose_changes_in_markdown() {
    let text = concat!(
        "---\n",
        "title: Xiong an new area (2018-2020 years)\n",
        "---\n\n",
        "# Work in Xiong an new area\n\n",
        "Since the eighteen Party of the party, see [Xiong an new area](https://example.com/Xiong-an-new-area).\n",
        "The plan ran in Xiong an\n",
        "new area (2018-2020 years).\n\n",
        "```text\n",
        "Xiong an new area (2018-2020 years)\n",
        "```\n\n",
        "Inline `Xiong an new area` stays; <span title=\"Xiong an new area\">raw</span> too.\n",
    );
    assert_eq!(
        fix_markdown(text),
        concat!(
            "---\n",
            "title: Xiong an new area (2018-2020 years)\n",
            "---\n\n",
            "# Work in Xiong'an New Area\n\n",
            "Since the 18th Party Congress, see [Xiong'an New Area](https://example.com/Xiong-an-new-area).\n",
            "The plan ran in Xiong'an New Area (2018-2020).\n\n",
            "```text\n",
            "Xiong an new area (2018-2020 years)\n",
            "```\n\n",
            "Inline `Xiong an new area` stays; <span title=\"Xiong an new area\">raw</span> too.\n",
        )
    );
}

#[test]
fn syntax_follows_the_file_extension() {
    use std::path::Path;
    assert_eq!(Syntax::of_path(Path::new("a/b.md")), Syntax::Markdown);
    assert_eq!(Syntax::of_path(Path::new("b.Markdown")), Syntax::Markdown);
    assert_eq!(Syntax::of_path(Path::new("b.txt")), Syntax::Plain);
    assert!(Syntax::Plain.protected("`code`").is_empty());
}
