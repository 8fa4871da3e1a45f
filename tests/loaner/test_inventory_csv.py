"""Inventory CSV import: our columns and Snipe-IT's, all or nothing, problems by line."""

from travelprep.loaner.inventory_csv import kind_from_category, parse_inventory

SNIPE_IT = (
    "Asset Tag,Asset Name,Model,Model No.,Category,Manufacturer,Serial,Location,Notes\n"
    "LT-0001,,MacBook Air 13,A2337,Laptops,Apple,C02XK1,Desk,Clean image 2026-10\n"
    "PH-0002,,iPhone SE,A2782,Mobile Phones,Apple,F17Z9,Desk,\n"
    "TB-0003,,iPad 10th gen,,Tablets,Apple,DMP1,Desk,\n"
    "HS-0004,,Nighthawk M6,MR6150,Mobile Hotspot,Netgear,NH6,Desk,\n"
)


def test_a_snipe_it_export_is_mapped_to_devices():
    parsed = parse_inventory(SNIPE_IT)
    assert parsed.problems == []
    assert [(d.asset_tag, d.kind) for d in parsed.devices] == [
        ("LT-0001", "laptop"),
        ("PH-0002", "phone"),
        ("TB-0003", "tablet"),
        ("HS-0004", "hotspot"),
    ]
    assert parsed.devices[0].model == "MacBook Air 13 (A2337)"
    assert parsed.devices[0].serial == "C02XK1"
    assert parsed.devices[0].notes == "Clean image 2026-10"


def test_our_own_export_columns_import_again():
    text = "asset_tag,kind,model,os,serial,notes,retired\nL-1,laptop,X1,Windows 11,S1,'=1+1,\n"
    parsed = parse_inventory(text)
    assert parsed.problems == []
    assert parsed.devices[0].os == "Windows 11"


def test_bad_and_duplicate_rows_are_reported_by_line_and_nothing_is_imported():
    text = (
        "Asset Tag,Category,Model\n"
        "L-1,Laptops,ok\n"
        "L-2,Toasters,bad kind\n"
        ",Laptops,no tag\n"
        "l-1,Laptops,repeats line 2 (tags compare case-insensitively)\n"
        "L-9,Laptops,already in the inventory\n"
    )
    parsed = parse_inventory(text, existing_tags=["L-9"])
    assert parsed.devices == []
    assert [str(p) for p in parsed.problems] == [
        "line 3: kind: unknown kind 'Toasters': use laptop, phone, tablet, hotspot",
        "line 4: asset_tag: String should have at least 1 character",
        "line 5: asset tag 'l-1' repeats line 2",
        "line 6: asset tag 'L-9' is already in the inventory",
    ]


def test_line_numbers_count_quoted_line_breaks():
    text = 'Asset Tag,Category,Notes\nL-1,Laptops,"two\nlines"\nL-2,Nope,x\n'
    assert [p.line for p in parse_inventory(text).problems] == [4]


def test_hostile_rows_are_cleaned_or_refused():
    text = (
        "Asset Tag,Category,Model,Notes\n"
        'L-1,Laptops,"=HYPERLINK(""http://evil"")","+cmd|\' /C calc\'!A0"\n'
        "L-2\x00,Laptops,nul in tag,\n"
        "L-3,Laptops," + "M" * 500 + ",too long\n"
    )
    parsed = parse_inventory(text)
    assert [str(p) for p in parsed.problems] == ["line 4: model: String should have at most 200 characters"]
    clean = parse_inventory(text.rsplit("L-3", 1)[0])
    assert clean.problems == []
    # Formulas are kept as text (they are data); the export neutralizes them.
    assert clean.devices[0].model == '=HYPERLINK("http://evil")'
    assert clean.devices[1].asset_tag == "L-2"


def test_a_file_without_the_needed_columns_or_rows_is_refused():
    assert str(parse_inventory("Name,Serial\nx,y\n").problems[0]) == (
        'line 1: no "Asset Tag" and "Category" (or "kind") column in the header'
    )
    assert str(parse_inventory("").problems[0]) == "line 1: the file is empty or not CSV"
    assert str(parse_inventory("Asset Tag,Category\n").problems[0]) == (
        "line 1: the file has a header but no devices"
    )


def test_categories_map_by_keyword():
    assert kind_from_category("Laptops") == "laptop"
    assert kind_from_category("Chromebooks") == "laptop"
    assert kind_from_category("Mobile Phones") == "phone"
    assert kind_from_category("MiFi hotspots") == "hotspot"
    assert kind_from_category("Monitors") is None
