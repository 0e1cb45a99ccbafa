"""The pages in real headless Chromium: signing in as each role, filtering the dashboard,
a committee approving a gate, a forbidden page, and the main pages checked for accessibility
basics (language, skip link, labels, alternatives, no CSP violation) and saved as
screenshots under artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser.conftest import Site, screenshot

pytestmark = pytest.mark.browser

ACCESSIBILITY = """() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push('no lang attribute');
  if (!document.querySelector('main#main')) problems.push('no main landmark');
  for (const field of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!field.labels.length && !field.getAttribute('aria-label')) problems.push('unlabelled ' + (field.id || field.name));
  }
  for (const image of document.querySelectorAll('img')) {
    if (!image.hasAttribute('alt')) problems.push('image without alt ' + image.src);
  }
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
  if (document.querySelector('script:not([src])')) problems.push('inline script');
  if (document.querySelector('[onclick],[onchange],[onload],[onsubmit]')) problems.push('inline handler');
  return problems;
}"""

MENUS = {
    "admin": ["Portefeuille", "Registre des décisions", "Import de tableur", "Part run / build",
              "Engagements MCO", "Piste d'audit", "Escalades", "Revue mensuelle", "Priorisation"],
    "pmo": ["Portefeuille", "Registre des décisions", "Import de tableur", "Part run / build",
            "Engagements MCO", "Piste d'audit", "Escalades", "Revue mensuelle", "Priorisation"],
    "manager": ["Portefeuille", "Import de tableur", "Part run / build", "Engagements MCO",
                "Escalades", "Revue mensuelle", "Priorisation"],
    "member": ["Portefeuille", "Instances", "Part run / build", "Engagements MCO", "Escalades",
               "Revue mensuelle", "Priorisation"],
    "auditor": ["Portefeuille", "Registre des décisions", "Part run / build", "Engagements MCO",
                "Piste d'audit", "Escalades", "Revue mensuelle", "Priorisation"],
    "staff": ["Portefeuille", "Part run / build", "Engagements MCO", "Escalades",
              "Revue mensuelle", "Priorisation"],
}  # fmt: skip


class Visitor:
    """One browser context (its own cookies), with the console watched for CSP refusals."""

    def __init__(self, browser: Any, site: Site) -> None:
        self.site = site
        self.context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fr-FR")
        self.page = self.context.new_page()
        self.refusals: list[str] = []
        self.page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.refusals.append(message.text)

    def go(self, path: str) -> Any:
        return self.page.goto(self.site.url + path)

    def sign_in(self, who: str) -> None:
        self.go("/sign-in")
        self.page.get_by_label("Mot de passe ou jeton d’API").fill(self.site.tokens[who])
        self.page.get_by_role("button", name="Se connecter").click()
        self.page.wait_for_url("**/portfolio")


@pytest.fixture
def visitor(browser: Any, site: Site) -> Iterator[Visitor]:
    made = Visitor(browser, site)
    yield made
    made.context.close()


def test_every_role_signs_in_and_sees_the_menu_its_roles_allow(browser: Any, site: Site) -> None:
    for role, menu in MENUS.items():
        visitor = Visitor(browser, site)
        visitor.sign_in(role)
        page = visitor.page
        assert page.get_by_role("heading", level=1).inner_text() == "Portefeuille"
        entries = page.get_by_role("navigation", name="Menu principal").get_by_role("link")
        assert entries.all_inner_texts() == menu, role
        visitor.context.close()


def test_the_dashboard_filters_in_place(visitor: Visitor) -> None:
    visitor.sign_in("pmo")
    page = visitor.page
    rows = page.locator("#portfolio-results tbody tr")
    assert rows.count() == 3
    page.get_by_label("Établissement").select_option("CH-TOUL")
    page.wait_for_url("**establishment=CH-TOUL**")
    expect(rows).to_have_count(1)
    assert "TOUL-01" in rows.first.inner_text()
    assert page.get_by_role("heading", name="1 projet").is_visible()
    page.get_by_label("Établissement").select_option("")
    expect(rows).to_have_count(3)
    page.get_by_label("Recherche (code ou nom)").fill("dpi-02")
    page.wait_for_url("**search=dpi-02**")
    expect(rows).to_have_count(1)
    assert "DPI-02" in rows.first.inner_text()
    assert visitor.refusals == []


def test_a_committee_chair_approves_a_gate_and_the_project_changes_phase(
    visitor: Visitor,
) -> None:
    visitor.sign_in("chair")
    page = visitor.page
    visitor.go("/committee")
    review = page.locator(f"#review-{visitor.site.review_id}")
    assert "opportunity_sheet" in review.inner_text()
    review.get_by_role("button", name="Ouvrir la séance").click()
    page.get_by_role("status").wait_for()
    review.get_by_label("pour").check()
    review.get_by_role("button", name="Voter").click()
    page.get_by_text("Votre vote est enregistré.").wait_for()
    assert page.evaluate(ACCESSIBILITY) == []
    screenshot(page, "committee")
    decision = review.get_by_role("group", name="Décision de l’instance")
    decision.get_by_label("approuvée", exact=True).check()
    decision.get_by_label("Motif", exact=True).fill("Fiche opportunité complète")
    decision.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("La décision est enregistrée.").wait_for()
    visitor.go("/projects/DPI-01")
    assert "Phase : Cadrage" in page.locator("main p").nth(1).inner_text()
    assert "G1 : approuvée" in page.locator("#timeline").inner_text()


def test_the_pmo_opens_an_escalation_and_walks_it_through_a_step(visitor: Visitor) -> None:
    visitor.sign_in("pmo")
    page = visitor.page
    visitor.go("/escalations")
    opening = page.get_by_role("region", name="Ouvrir une escalade")
    opening.get_by_label("Projet").select_option(label="DPI-02 – Project DPI-02")
    opening.get_by_label("Motif").fill("Recette en retard")
    opening.get_by_role("button", name="Ouvrir l’escalade").click()
    page.get_by_text("L’escalade est ouverte.").wait_for()
    assert page.get_by_role("heading", level=1).inner_text() == "Escalade de DPI-02"
    step = page.get_by_role("group", name="Prendre en compte")
    step.get_by_label("Motif").fill("Vu avec le chef de projet")
    step.get_by_role("button", name="Prendre en compte").click()
    page.get_by_text("L’escalade est prise en compte.").wait_for()
    assert "Vu avec le chef de projet" in page.locator("main").inner_text()
    assert page.get_by_role("group", name="Arrêter le plan d’actions").is_visible()
    assert page.evaluate(ACCESSIBILITY) == []
    screenshot(page, "escalation")
    assert visitor.refusals == []


def test_a_forbidden_page_says_access_denied(visitor: Visitor) -> None:
    visitor.sign_in("staff")
    response = visitor.go("/import")
    assert response.status == 403
    assert visitor.page.get_by_role("heading", level=1).inner_text().startswith("Accès refusé")
    screenshot(visitor.page, "403-access-denied")


def test_main_pages_are_accessible_and_saved_as_screenshots(browser: Any, site: Site) -> None:
    pages = {
        "pmo": [("dashboard", "/portfolio"), ("project", "/projects/TOUL-01"),
                ("import", "/import"), ("time-share", "/time-share"), ("mco", "/mco"),
                ("prioritisation", "/prioritisation"), ("capacity", "/capacity")],
        "auditor": [("decision-register", "/audit/decisions")],
    }  # fmt: skip
    anonymous = Visitor(browser, site)
    anonymous.go("/sign-in")
    anonymous.page.keyboard.press("Tab")
    assert anonymous.page.evaluate("document.activeElement.className") == "skip-link"
    assert anonymous.page.evaluate(ACCESSIBILITY) == []
    screenshot(anonymous.page, "sign-in")
    anonymous.context.close()
    for role, visits in pages.items():
        visitor = Visitor(browser, site)
        visitor.sign_in(role)
        for name, path in visits:
            assert visitor.go(path).status == 200, path
            visitor.page.wait_for_load_state("load")
            assert visitor.page.evaluate(ACCESSIBILITY) == [], name
            for image in visitor.page.locator("img.chart").all():
                assert image.evaluate("i => i.complete && i.naturalWidth > 0"), name
            screenshot(visitor.page, name)
        assert visitor.refusals == [], visitor.refusals
        visitor.context.close()
