"""The automated accessibility audit (axe-core, vendored for the tests only) run inside a Playwright page."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")

# WCAG 2.0 and 2.1, levels A and AA: what the institutions' accessibility rules ask of Balint.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def audit(page, within: str | None = None, rules: list[str] | None = None) -> list[str]:
    """Run axe on the page as it is now; one line per violation and element, empty when none.

    `within` limits it to the elements a CSS selector picks, `rules` to some of axe's rules (by id).

    The script is evaluated through the browser's debugging protocol, so the page's
    Content-Security-Policy (no inline scripts) stays exactly as in production.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    violations = page.evaluate(
        """([within, only]) => axe.run(within ? {include: [within]} : document, {
                runOnly: only, resultTypes: ["violations"]})
            .then((result) => result.violations.map((v) => ({
                id: v.id, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ") + " :: " + (n.failureSummary || "")),
            })))""",
        [within, {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}],
    )
    return [f"{v['id']} ({v['help']}): {node}".replace("\n", " ") for v in violations for node in v["nodes"]]


def sideways_overflow(page) -> int:
    """How many CSS pixels the page scrolls sideways (WCAG 1.4.10 asks none at 320 px)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
