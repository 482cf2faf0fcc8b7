"""The 32 Scottish councils, as data.

Copied from the reference list (GSS codes as current since 2019; mid-2019 population
estimates from National Records of Scotland figures). Frozen here, so the migration
gives the same councils whatever later edits are made in the portal.
"""

from django.db import migrations

# official name, short name, slug, GSS code, population, population year
COUNCILS = (
    (
        "Aberdeen City Council",
        "Aberdeen City",
        "aberdeen-city",
        "S12000033",
        228670,
        2019,
    ),
    (
        "Aberdeenshire Council",
        "Aberdeenshire",
        "aberdeenshire",
        "S12000034",
        261210,
        2019,
    ),
    ("Angus Council", "Angus", "angus", "S12000041", 116200, 2019),
    (
        "Argyll and Bute Council",
        "Argyll and Bute",
        "argyll-and-bute",
        "S12000035",
        85870,
        2019,
    ),
    (
        "The City of Edinburgh Council",
        "City of Edinburgh",
        "city-of-edinburgh",
        "S12000036",
        524930,
        2019,
    ),
    (
        "Clackmannanshire Council",
        "Clackmannanshire",
        "clackmannanshire",
        "S12000005",
        51540,
        2019,
    ),
    (
        "Dumfries and Galloway Council",
        "Dumfries and Galloway",
        "dumfries-and-galloway",
        "S12000006",
        148860,
        2019,
    ),
    ("Dundee City Council", "Dundee City", "dundee-city", "S12000042", 149320, 2019),
    (
        "East Ayrshire Council",
        "East Ayrshire",
        "east-ayrshire",
        "S12000008",
        122010,
        2019,
    ),
    (
        "East Dunbartonshire Council",
        "East Dunbartonshire",
        "east-dunbartonshire",
        "S12000045",
        108640,
        2019,
    ),
    ("East Lothian Council", "East Lothian", "east-lothian", "S12000010", 107090, 2019),
    (
        "East Renfrewshire Council",
        "East Renfrewshire",
        "east-renfrewshire",
        "S12000011",
        95530,
        2019,
    ),
    ("Falkirk Council", "Falkirk", "falkirk", "S12000014", 160890, 2019),
    ("Fife Council", "Fife", "fife", "S12000047", 373550, 2019),
    ("Glasgow City Council", "Glasgow City", "glasgow-city", "S12000049", 633120, 2019),
    ("The Highland Council", "Highland", "highland", "S12000017", 235540, 2019),
    ("Inverclyde Council", "Inverclyde", "inverclyde", "S12000018", 77800, 2019),
    ("Midlothian Council", "Midlothian", "midlothian", "S12000019", 92460, 2019),
    ("The Moray Council", "Moray", "moray", "S12000020", 95820, 2019),
    (
        "Comhairle nan Eilean Siar",
        "Na h-Eileanan Siar",
        "na-h-eileanan-siar",
        "S12000013",
        26720,
        2019,
    ),
    (
        "North Ayrshire Council",
        "North Ayrshire",
        "north-ayrshire",
        "S12000021",
        134740,
        2019,
    ),
    (
        "North Lanarkshire Council",
        "North Lanarkshire",
        "north-lanarkshire",
        "S12000050",
        341370,
        2019,
    ),
    (
        "Orkney Islands Council",
        "Orkney Islands",
        "orkney-islands",
        "S12000023",
        22270,
        2019,
    ),
    (
        "Perth & Kinross Council",
        "Perth and Kinross",
        "perth-and-kinross",
        "S12000048",
        151950,
        2019,
    ),
    ("Renfrewshire Council", "Renfrewshire", "renfrewshire", "S12000038", 179100, 2019),
    (
        "Scottish Borders Council",
        "Scottish Borders",
        "scottish-borders",
        "S12000026",
        115510,
        2019,
    ),
    (
        "Shetland Islands Council",
        "Shetland Islands",
        "shetland-islands",
        "S12000027",
        22920,
        2019,
    ),
    (
        "South Ayrshire Council",
        "South Ayrshire",
        "south-ayrshire",
        "S12000028",
        112610,
        2019,
    ),
    (
        "South Lanarkshire Council",
        "South Lanarkshire",
        "south-lanarkshire",
        "S12000029",
        320530,
        2019,
    ),
    ("Stirling Council", "Stirling", "stirling", "S12000030", 94330, 2019),
    (
        "West Dunbartonshire Council",
        "West Dunbartonshire",
        "west-dunbartonshire",
        "S12000039",
        88930,
        2019,
    ),
    ("West Lothian Council", "West Lothian", "west-lothian", "S12000040", 183100, 2019),
)


def add_councils(apps, schema_editor):
    Council = apps.get_model("councils", "Council")
    for name, short_name, slug, gss_code, population, year in COUNCILS:
        Council.objects.update_or_create(
            gss_code=gss_code,
            defaults={
                "name": name,
                "short_name": short_name,
                "slug": slug,
                "population": population,
                "population_year": year,
                # In 2019 all 32 councils committed in principle to two more years.
                "standing": "in_principle",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("councils", "0001_initial")]

    # Councils are never deleted from the portal, so the reverse keeps them.
    operations = [migrations.RunPython(add_councils, migrations.RunPython.noop)]
