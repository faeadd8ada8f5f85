"""An admin imports a LaMednum file through the site; people then find its places near a French
postcode, with where the facts come from."""

import pytest
from browser_support import ADMIN_EMAIL, Visit, log_in

pytestmark = pytest.mark.browser

HEADER = (
    "id,pivot,nom,commune,code_postal,adresse,latitude,longitude,telephone,horaires,date_maj,services,source"
)
ROWS = [
    ["l1", "21590350100017", "Espace numérique Wazemmes", "Lille", "59000", "1 place de la Nouvelle Aventure",
     "50.6262", "3.0489", "+33320000000", "Mo-Fr 09:00-17:00", "2026-10-15",
     "Accès internet et matériel informatique", "Ville de Lille"],
    ["l2", "W595000001", "Point numérique Fives", "Lille", "59800", "10 rue Pierre Legrand", "50.6328",
     "3.0880", "", "Lundi", "2026-10-15", "", "Ville de Lille"],
    ["l3", "W595000002", "Médiathèque Jean Lévy", "Lille", "59000", "32 rue Édouard Delesalle", "50.6340",
     "3.0630", "", "", "2026-10-15", "Aide aux démarches administratives", "Ville de Lille"],
]  # fmt: skip
LILLE = "\n".join([HEADER, *(",".join(row) for row in ROWS)]) + "\n"


def test_an_admin_imports_a_file_and_visitors_find_its_places(browser, own_server, tmp_path):
    path = tmp_path / "lille.csv"
    path.write_text(LILLE, encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 800})
    visit = Visit(context, own_server)
    log_in(visit, email=ADMIN_EMAIL)
    visit.go("/en/staff/")
    visit.page.get_by_role("link", name="Import open data").click()
    visit.page.set_input_files("#file", str(path))
    visit.page.fill("#source", "Lille")
    visit.page.get_by_role("button", name="Check this file").click()
    report = visit.page.inner_text("main")
    assert "What this file would change" in report and "New places\t2" in report
    assert "opening hours that cannot be read" in report  # row 2, "Lundi"
    visit.page.get_by_role("button", name="Import these places").click()
    assert "What the import changed" in visit.page.inner_text("main")

    visit.go("/fr/places?near=59000&radius=5")
    results = visit.page.inner_text("main")
    assert "2 lieux près de Lille" in results
    visit.page.get_by_role("link", name="Espace numérique Wazemmes").first.click()
    place = visit.page.inner_text("main")
    assert "Publié le 15 octobre 2026 par Ville de Lille" in place
    assert "Accès à un ordinateur et à Internet" in place and "gratuit" not in place.lower()  # cost unknown
    context.close()
