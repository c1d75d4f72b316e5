"""The region's layers: which fixture file, which features of it, and the metadata each layer carries.

Nothing here is invented: filters select features by a source attribute, and hazard levels are classes of
a source attribute, stated in each layer's description."""

from dataclasses import dataclass, field

# Influence distance and river snapping distance per hazard type (km); docs/analysis.md explains the choice.
INFLUENCE_KM = {"seismic": (25, 0), "flood": (50, 20), "mudflow": (30, 20), "manmade": (20, 30), "landslide": (10, 0),
                "context": (0, 0)}
# How far downstream an outburst (flood) or a dam break or tailings release (man-made) is counted for exposure:
# an assumption of the atlas (documented in docs/analysis.md), editable per hazard type in the admin.
FLOOD_REACH_KM = {"flood": 300, "manmade": 300}

HAZARD_TYPES = [
    # code, ru, en, kk, colour (Okabe-Ito / ColorBrewer hues readable by colour-blind users), order
    ("flood", "Наводнения и прорывы озёр", "Floods and lake outbursts", "Су тасқыны және көл ақтарылуы", "#0072b2", 10),
    ("seismic", "Землетрясения", "Earthquakes", "Жер сілкінісі", "#d55e00", 20),
    ("mudflow", "Сели", "Mudflows (debris flows)", "Сел", "#8c510a", 30),
    ("manmade", "Техногенные опасности", "Man-made hazards", "Техногендік қауіптер", "#cc79a7", 40),
    ("landslide", "Оползни", "Landslides", "Жер көшкіні", "#e69f00", 50),
    ("context", "Справочные слои", "Reference layers", "Анықтамалық қабаттар", "#777777", 90),
]

MAGNITUDE = {"ranges": [[7.0, "high"], [6.0, "medium"], [5.0, "low"], [None, "very_low"]]}
LIVES_LOST = {"ranges": [[100, "high"], [10, "medium"], [1, "low"], [None, "very_low"]]}
MAG_TEXT_RU = "Уровень опасности по магнитуде {f}: ≥7 высокий, 6–7 средний, 5–6 низкий, <5 очень низкий."
MAG_TEXT_EN = "Hazard level from magnitude {f}: ≥7 high, 6–7 medium, 5–6 low, <5 very low."
MAG_TEXT_KK = "Қауіп деңгейі {f} магнитудасы бойынша: ≥7 жоғары, 6–7 орташа, 5–6 төмен, <5 өте төмен."
LIVES_KK = ("Қауіп деңгейі қаза тапқандар саны бойынша ({f}): ≥100 жоғары, 10–99 орташа, 1–9 төмен, 0 өте төмен; "
            "мәлімет болмаса — деректер жоқ.")
LIVES_RU = ("Уровень опасности по числу погибших ({f}): ≥100 высокий, 10–99 средний, 1–9 низкий, 0 очень низкий; "
            "без сведений — нет данных.")
LIVES_EN = ("Hazard level from lives lost ({f}): ≥100 high, 10–99 medium, 1–9 low, 0 very low; "
            "no figure — no data.")

CC_BY = "CC BY 4.0"
PD = "Public domain"


@dataclass
class LayerSpec:
    slug: str
    hazard: str
    file: str
    title_ru: str
    title_en: str
    title_kk: str
    description_ru: str
    description_en: str
    source: str
    licence: str
    attribution: str
    source_url: str = ""
    description_kk: str = ""  # Kazakh description, in the catalogues' own wording (never machine-translated)
    where: str | None = None
    classification: dict = field(default_factory=dict)
    time_field: str = ""
    expected_count: int | None = None  # features the filter selects from the fixture (checked by tests)
    kind: str = "vector"
    style: dict = field(default_factory=dict)
    river_hazard: bool = False
    role: str = ""  # Layer.Role: what the analysis uses the layer for
    label_field: str = ""  # the attribute naming a feature
    population_field: str = ""
    river_field: str = ""  # the attribute naming the river: a code of fixtures/basins/rivers.csv or one of its names
    magnitude_field: str = ""  # earthquake catalogues: magnitude (MLH) and focal depth for the seismic model
    depth_field: str = ""


def _classified(base: dict, attribute: str) -> dict:
    return {"field": attribute, **base}


EMCA = "Mikhailova N. et al. (2015), EMCA Central Asia earthquake catalogue, GFZ Data Services, " \
       "doi:10.5880/GFZ.EWS.2015.001"
HMAGLOF = "Steiner J. F. et al. (2023), HMAGLOFDB, Earth Syst. Sci. Data 15, 3941, doi:10.5194/essd-15-3941-2023"
NASA_GLC = "NASA Goddard Global Landslide Catalog; Kirschbaum et al. (2010, 2015)"
NE = "Natural Earth"
USGS = "USGS NEIC, Significant Earthquakes 1965-2016"

LAYERS = [
    LayerSpec(
        "seismic-active-faults-gem", "seismic", "gem_active_faults_ca.geojson",
        "Активные разломы (GEM)", "Active faults (GEM)", "Белсенді жарылымдар (GEM)",
        "Активные разломы глобальной базы GEM (выпуск 2017 г.); для Центральной Азии — по HimaTibetMap. "
        "Уровень опасности не присваивается: атрибуты скорости смещения заполнены редко.",
        "GEM Global Active Faults (2017 release); Central Asia from HimaTibetMap. No hazard level is assigned: "
        "slip rates are rarely given.",
        "GEM Global Active Faults Database", CC_BY, "Styron R., Pagani M. (2020), Earthquake Spectra 36(1_suppl); "
        "GEM Foundation", "https://github.com/GEMScienceTools/gem-global-active-faults", expected_count=657,
        label_field="name",
        description_kk=(
            "GEM жаһандық белсенді жарылымдар дерекқоры (2017 жылғы шығарылым); Орталық Азия бойынша — "
            "HimaTibetMap деректері. Қауіп деңгейі берілмейді: жылжу жылдамдығының атрибуттары сирек "
            "толтырылған."
        ),
    ),
    LayerSpec(
        "seismic-earthquakes-emca", "seismic", "emca_central_asia_earthquakes.gpkg",
        "Землетрясения: каталог EMCA (2000 до н. э. – 2009)", "Earthquakes: EMCA catalogue (2000 BC – 2009)",
        "Жер сілкінісі: EMCA каталогы (б.з.д. 2000 – 2009)",
        "Каталог землетрясений Центральной Азии EMCA, магнитуды MLH 1.5–8.3. " + MAG_TEXT_RU.format(f="MLH"),
        "EMCA Central Asia earthquake catalogue, MLH magnitudes 1.5–8.3. " + MAG_TEXT_EN.format(f="MLH"),
        "EMCA (Earthquake Model Central Asia)", "CC BY-SA 4.0", EMCA, "https://doi.org/10.5880/GFZ.EWS.2015.001",
        classification=_classified(MAGNITUDE, "mag_mlh"), time_field="year", expected_count=33608,
        role="earthquakes", magnitude_field="mag_mlh", depth_field="depth_km",
        description_kk=(
            "Орталық Азия жер сілкіністерінің EMCA каталогы, MLH магнитудалары 1,5–8,3. "
            + MAG_TEXT_KK.format(f="MLH")
        ),
    ),
    LayerSpec(
        "seismic-event-density-emca", "seismic", "derived/emca_event_density_025deg.tif",
        "Плотность землетрясений M≥4 (EMCA, 0.25°)", "Earthquake density M≥4 (EMCA, 0.25°)",
        "M≥4 жер сілкіністерінің тығыздығы (EMCA, 0.25°)",
        "Растр, выведенный из каталога EMCA: число событий с MLH ≥ 4.0 в каждой ячейке 0.25°×0.25° за всю историю "
        "каталога (2000 до н. э. – 2009); ячейки без событий — нет данных. Скрипт: "
        "fixtures/region/derived/make_seismic_density.py.",
        "Raster derived from the EMCA catalogue: the number of events with MLH ≥ 4.0 in each 0.25°×0.25° cell over "
        "the whole catalogue (2000 BC – 2009); cells without events are nodata. Script: "
        "fixtures/region/derived/make_seismic_density.py.",
        "Derived from EMCA (Earthquake Model Central Asia)", "CC BY-SA 4.0", EMCA,
        kind="raster", style={"colormap": "ylorrd", "rescale": [1, 50]},
        description_kk=(
            "EMCA каталогынан алынған растр: каталогтың бүкіл кезеңіндегі (б. з. д. 2000 – 2009) әр "
            "0,25°×0,25° ұяшықтағы MLH ≥ 4,0 оқиғалар саны; оқиғасыз ұяшықтар — деректер жоқ. Скрипт: "
            "fixtures/region/derived/make_seismic_density.py."
        ),
    ),
    LayerSpec(
        "seismic-earthquakes-noaa", "seismic", "noaa_ncei_significant_earthquakes_ca.geojson",
        "Значительные землетрясения (NOAA NCEI)", "Significant earthquakes (NOAA NCEI)",
        "Елеулі жер сілкіністері (NOAA NCEI)",
        "Землетрясения с жертвами, ущербом, M≥7.5 или MMI≥X, 2150 до н. э. – 2024. " + MAG_TEXT_RU.format(f="mag"),
        "Earthquakes with deaths, damage, M≥7.5 or MMI≥X, 2150 BC – 2024. " + MAG_TEXT_EN.format(f="mag"),
        "NOAA NCEI / WDS Global Significant Earthquake Database", PD,
        "NOAA National Centers for Environmental Information, doi:10.7289/V5TD9V7K",
        "https://doi.org/10.7289/V5TD9V7K", classification=_classified(MAGNITUDE, "mag"), time_field="year",
        expected_count=432, label_field="location_name",
        description_kk=(
            "Адам қаза тапқан, залал келтірген, M≥7,5 немесе MMI≥X жер сілкіністері, б. з. д. 2150 – 2024. "
            + MAG_TEXT_KK.format(f="mag")
        ),
    ),
    LayerSpec(
        "seismic-earthquakes-usgs", "seismic", "usgs_significant_earthquakes_1965_2016_ca.geojson",
        "Землетрясения M≥5.5 (USGS, 1965–2016)", "Earthquakes M≥5.5 (USGS, 1965–2016)",
        "M≥5.5 жер сілкіністері (USGS, 1965–2016)",
        "Только землетрясения (event_type = Earthquake); ядерные взрывы — в отдельном слое. "
        + MAG_TEXT_RU.format(f="magnitude"),
        "Earthquakes only (event_type = Earthquake); nuclear explosions are a separate layer. "
        + MAG_TEXT_EN.format(f="magnitude"),
        USGS, PD, USGS, where="event_type = 'Earthquake'", classification=_classified(MAGNITUDE, "magnitude"),
        time_field="time_utc", expected_count=457,
        description_kk=(
            "Тек жер сілкіністері (event_type = Earthquake); жарылыстар — жеке қабатта. "
            + MAG_TEXT_KK.format(f="magnitude")
        ),
    ),
    LayerSpec(
        "flood-glof-events", "flood", "hmaglofdb_glof_events_ca.geojson",
        "Прорывы ледниковых озёр (HMAGLOFDB)", "Glacial lake outburst floods (HMAGLOFDB)",
        "Мұздық көлдерінің ақтарылуы (HMAGLOFDB)",
        "Зарегистрированные прорывы ледниковых озёр в Высокогорной Азии; точка — место озера. "
        + LIVES_RU.format(f="Lives_total"),
        "Recorded glacial lake outburst floods in High Mountain Asia; the point is the lake. "
        + LIVES_EN.format(f="Lives_total"),
        "HMAGLOFDB", CC_BY, HMAGLOF, "https://doi.org/10.5194/essd-15-3941-2023",
        classification=_classified(LIVES_LOST, "Lives_total"), time_field="Year_exact", river_hazard=True,
        expected_count=518, label_field="Lake_name", river_field="River_Basin",
        description_kk=(
            "Биік таулы Азиядағы мұздық көлдерінің тіркелген ақтарылулары; нүкте — көлдің орны. "
            + LIVES_KK.format(f="Lives_total")
        ),
    ),
    LayerSpec(
        "flood-glacial-lakes-hkh", "flood", "icimod_hkh_glacial_lakes_2020_ca.geojson",
        "Ледниковые озёра ГКГ, 2020 (ICIMOD)", "Glacial lakes of the HKH, 2020 (ICIMOD)",
        "Гиндукуш–Каракорум–Гималай мұздық көлдері, 2020 (ICIMOD)",
        "Контуры ледниковых озёр Гиндукуша–Каракорума–Гималаев (бассейны Амударьи, Инда, Тарима) на 2020 г. "
        "Покрывает только юг региона (южнее ~37.3° с. ш.). Уровень опасности не присваивается.",
        "Glacial lake outlines of the Hindu Kush–Karakoram–Himalaya (Amu Darya, Indus, Tarim basins), 2020. "
        "Covers only the south of the region (south of about 37.3°N). No hazard level is assigned.",
        "ICIMOD HKH glacial lake inventory 2020 (via HMAGLOFDB)", CC_BY, "ICIMOD; F. Shrestha, J. Steiner",
        river_hazard=True, expected_count=466, label_field="GLIMS_ID",
        description_kk=(
            "Гиндукуш–Каракорум–Гималай мұздық көлдерінің 2020 жылғы контурлары (Әмудария, Инд, Тарим "
            "алаптары). Өңірдің тек оңтүстігін қамтиды (шамамен 37,3° с. е. оңтүстігі). Қауіп деңгейі "
            "берілмейді."
        ),
    ),
    LayerSpec(
        "mudflow-glof-debris-flows", "mudflow", "hmaglofdb_glof_events_ca.geojson",
        "Селевые прорывы озёр (HMAGLOFDB, отложения)", "Outburst debris flows (HMAGLOFDB, deposits)",
        "Көлдердің селдік ақтарылуы (HMAGLOFDB, шөгінділер)",
        "События HMAGLOFDB с Impact_type = Deposit: насыщенные наносами прорывы, то есть селевые потоки. "
        + LIVES_RU.format(f="Lives_total"),
        "HMAGLOFDB events whose Impact_type is Deposit: sediment-laden outbursts, i.e. debris flows. "
        + LIVES_EN.format(f="Lives_total"),
        "HMAGLOFDB", CC_BY, HMAGLOF, "https://doi.org/10.5194/essd-15-3941-2023", where="Impact_type = 'Deposit'",
        classification=_classified(LIVES_LOST, "Lives_total"), time_field="Year_exact", river_hazard=True,
        expected_count=127, label_field="Lake_name", river_field="River_Basin",
        description_kk=(
            "HMAGLOFDB-дағы Impact_type = Deposit оқиғалары: шөгіндіге қаныққан ақтарылулар, яғни сел "
            "ағындары. "
            + LIVES_KK.format(f="Lives_total")
        ),
    ),
    LayerSpec(
        "mudflow-nasa-mudslides", "mudflow", "nasa_glc_landslides_ca.geojson",
        "Сели и грязевые потоки (NASA GLC)", "Mudslides and debris flows (NASA GLC)",
        "Сел және лай көшкіндері (NASA GLC)",
        "События каталога оползней NASA категорий mudslide и debris_flow, 1988–2017. "
        + LIVES_RU.format(f="fatality_count"),
        "NASA Global Landslide Catalog events of category mudslide or debris_flow, 1988–2017. "
        + LIVES_EN.format(f="fatality_count"),
        "NASA Global Landslide Catalog", "NASA open data (credit required)", NASA_GLC,
        where="landslide_category IN ('mudslide', 'debris_flow')",
        classification=_classified(LIVES_LOST, "fatality_count"), time_field="event_date_iso", expected_count=83,
        label_field="location_description",
        description_kk=(
            "NASA көшкіндер каталогының mudslide және debris_flow санаттарындағы оқиғалары, 1988–2017. "
            + LIVES_KK.format(f="fatality_count")
        ),
    ),
    LayerSpec(
        "landslide-nasa-landslides", "landslide", "nasa_glc_landslides_ca.geojson",
        "Оползни и обвалы (NASA GLC)", "Landslides and rock falls (NASA GLC)", "Жер көшкіндері (NASA GLC)",
        "Прочие события каталога оползней NASA (без mudslide и debris_flow), 1988–2017. "
        + LIVES_RU.format(f="fatality_count"),
        "The other NASA Global Landslide Catalog events (not mudslide or debris_flow), 1988–2017. "
        + LIVES_EN.format(f="fatality_count"),
        "NASA Global Landslide Catalog", "NASA open data (credit required)", NASA_GLC,
        where="landslide_category NOT IN ('mudslide', 'debris_flow')",
        classification=_classified(LIVES_LOST, "fatality_count"), time_field="event_date_iso", expected_count=483,
        label_field="location_description",
        description_kk=(
            "NASA көшкіндер каталогының қалған оқиғалары (mudslide және debris_flow санаттарынан басқа): "
            "сырғыма көшкіндер мен опырылулар, 1988–2017. "
            + LIVES_KK.format(f="fatality_count")
        ),
    ),
    LayerSpec(
        "manmade-nuclear-explosions", "manmade", "usgs_significant_earthquakes_1965_2016_ca.geojson",
        "Ядерные взрывы (USGS, 1965–2016)", "Nuclear explosions (USGS, 1965–2016)",
        "Ядролық жарылыстар (USGS, 1965–2016)",
        "События каталога USGS с event_type = Nuclear Explosion (Семипалатинский полигон, Лобнор…). "
        + MAG_TEXT_RU.format(f="magnitude"),
        "USGS events whose event_type is Nuclear Explosion (Semipalatinsk test site, Lop Nur…). "
        + MAG_TEXT_EN.format(f="magnitude"),
        USGS, PD, USGS, where="event_type = 'Nuclear Explosion'",
        classification=_classified(MAGNITUDE, "magnitude"), time_field="time_utc", expected_count=108,
        role="nuclear_tests",
        description_kk=(
            "USGS каталогындағы event_type = Nuclear Explosion оқиғалары (Семей сынақ полигоны, Лобнор…). "
            + MAG_TEXT_KK.format(f="magnitude")
        ),
    ),
    LayerSpec(
        "manmade-hydropower-dams", "manmade", "wri_gppd_v1_2_power_plants_ca.geojson",
        "Плотины ГЭС (WRI GPPD)", "Hydropower dams (WRI GPPD)", "СЭС бөгеттері (WRI GPPD)",
        "Гидроэлектростанции Глобальной базы электростанций WRI (primary_fuel = Hydro). Уровень по мощности как "
        "мере масштаба сооружения: ≥1000 МВт высокий, 300–999 средний, 50–299 низкий, <50 очень низкий.",
        "Hydropower plants of the WRI Global Power Plant Database (primary_fuel = Hydro). Level from capacity as a "
        "measure of the structure's size: ≥1000 MW high, 300–999 medium, 50–299 low, <50 very low.",
        "WRI Global Power Plant Database v1.2.0", CC_BY, "World Resources Institute, Global Power Plant Database",
        where="primary_fuel = 'Hydro'",
        classification={"field": "capacity_mw",
                        "ranges": [[1000, "high"], [300, "medium"], [50, "low"], [None, "very_low"]]},
        time_field="commissioning_year", river_hazard=True, expected_count=138, label_field="name",
        description_kk=(
            "WRI жаһандық электр станциялары дерекқорындағы су электр станциялары (primary_fuel = Hydro). "
            "Деңгейі құрылыстың ауқымын көрсететін қуаты бойынша: ≥1000 МВт жоғары, 300–999 орташа, 50–299 "
            "төмен, <50 өте төмен."
        ),
    ),
    LayerSpec(
        "manmade-reservoirs", "manmade", "ne_10m_lakes_ca.geojson",
        "Водохранилища", "Reservoirs", "Су қоймалары",
        "Водохранилища Natural Earth 1:10m (featurecla = Reservoir): Токтогульское, Шардаринское, Капчагайское, "
        "Кайраккумское, Бухтарминское (оз. Зайсан)…; year — год плотины.",
        "Natural Earth 1:10m reservoirs (featurecla = Reservoir): Toktogul, Shardara, Kapchagay, Kayrakkum, "
        "Bukhtarma (Lake Zaysan)…; year is the dam's year.",
        NE, PD, "Made with Natural Earth", where="featurecla = 'Reservoir'", time_field="year", river_hazard=True,
        expected_count=15, label_field="name",
        description_kk=(
            "Natural Earth 1:10m су қоймалары (featurecla = Reservoir): Тоқтағұл, Шардара, Қапшағай, "
            "Қайроққум, Бұқтырма (Зайсан көлі)…; year — бөгеттің салынған жылы."
        ),
    ),
    LayerSpec(
        "manmade-dams-register", "manmade", "../basins/objects.csv",
        "Крупные плотины и водохранилища (реестр)", "Large dams and reservoirs (register)",
        "Ірі бөгеттер мен су қоймалары (тізілім)",
        "Крупные плотины бассейнов Амударьи, Сырдарьи, Или, Иртыша и Чу–Таласа с рекой, годом, высотой, объёмом и "
        "мощностью; каждая строка со ссылкой на источник (fixtures/basins/SOURCES.md). Уровень — по объёму "
        "водохранилища: ≥ 10 км³ высокий, ≥ 1 км³ средний, иначе низкий.",
        "Large dams of the Amu Darya, Syr Darya, Ili, Irtysh and Chu–Talas basins with their river, year, height, "
        "volume and capacity, each row cited (fixtures/basins/SOURCES.md). Level by reservoir volume: ≥ 10 km³ "
        "high, ≥ 1 km³ medium, otherwise low.",
        "Atlas register compiled from cited public sources (encyclopaedias, operators, WRI GPPD, Natural Earth)",
        "facts with sources per row", "Central Asia Hazards Atlas register; sources in fixtures/basins/SOURCES.md",
        where="kind = 'dam'", classification=_classified({"ranges": [[10, "high"], [1, "medium"], [None, "low"]]},
                                                         "volume_km3"),
        time_field="year", river_hazard=True, expected_count=26, label_field="name_en", river_field="river",
        role="objects",
        description_kk=(
            "Әмудария, Сырдария, Іле, Ертіс және Шу–Талас алаптарының ірі бөгеттері: өзені, салынған жылы, "
            "биіктігі, көлемі және қуаты; әр жолдың дереккөзі көрсетілген (fixtures/basins/SOURCES.md). "
            "Деңгейі су қоймасының көлемі бойынша: ≥ 10 км³ жоғары, ≥ 1 км³ орташа, әйтпесе төмен."
        ),
    ),
    LayerSpec(
        "flood-outburst-lakes-register", "flood", "../basins/objects.csv",
        "Завальные и ледниковые озёра (реестр)", "Landslide-dammed and glacial lakes (register)",
        "Үйінді және мұздық көлдер (тізілім)",
        "Сарезское озеро и Усойский завал, Шадау, Яшилькуль, озёра Петрова, Мерцбахера и другие прорывоопасные "
        "озёра с рекой и источником. Уровень: завальное озеро — высокий, ледниковое — средний.",
        "Lake Sarez and the Usoi dam, Shadau, Yashilkul, the Petrov and Merzbacher lakes and other lakes that may "
        "burst, with their river and sources. Level: landslide-dammed lake high, glacial lake medium.",
        "Atlas register compiled from cited public sources (encyclopaedias, UN, HMAGLOFDB)",
        "facts with sources per row", "Central Asia Hazards Atlas register; sources in fixtures/basins/SOURCES.md",
        where="kind IN ('natural_dam_lake', 'glacial_lake')",
        classification=_classified({"values": {"natural_dam_lake": "high", "glacial_lake": "medium"}}, "kind"),
        time_field="year", river_hazard=True, expected_count=8, label_field="name_en", river_field="river",
        role="objects",
        description_kk=(
            "Сарез көлі мен Үсой үйіндісі, Шадау, Яшилькуль, Петров және Мерцбахер көлдері және ақтарылу "
            "қаупі бар басқа да көлдер, өзені мен дереккөзі көрсетілген. Деңгейі: үйінді көл — жоғары, "
            "мұздық көл — орташа."
        ),
    ),
    LayerSpec(
        "manmade-legacy-sites-register", "manmade", "../basins/objects.csv",
        "Урановые хвостохранилища и Семипалатинский полигон (реестр)",
        "Uranium tailings and the Semipalatinsk test site (register)",
        "Уран қалдық қоймалары және Семей сынақ полигоны (тізілім)",
        "Урановые хвостохранилища советского периода (Майлуу-Суу, Мин-Куш, Шекафтар, Табошар, Чаркесар…) и "
        "Семипалатинский испытательный полигон; точки хвостохранилищ — центры посёлков. Уровень высокий.",
        "Soviet-era uranium tailings (Mailuu-Suu, Min-Kush, Shekaftar, Taboshar, Charkesar…) and the Semipalatinsk "
        "test site; tailings points are town centres. Level high.",
        "Atlas register compiled from cited public sources (encyclopaedias, UNDP, IAEA, ENVSEC)",
        "facts with sources per row", "Central Asia Hazards Atlas register; sources in fixtures/basins/SOURCES.md",
        where="kind IN ('tailings', 'test_site')", classification={"level": "high"}, river_hazard=True,
        expected_count=7, label_field="name_en", river_field="river",
        role="objects",
        description_kk=(
            "Кеңестік кезеңнің уран қалдық қоймалары (Майлуу-Суу, Мин-Куш, Шекафтар, Табошар, Чаркесар…) "
            "және Семей сынақ полигоны; қалдық қоймаларының нүктелері — кенттердің орталықтары. Деңгейі "
            "жоғары."
        ),
    ),
    LayerSpec(
        "context-rivers", "context", "ne_10m_rivers_lake_centerlines_ca.geojson",
        "Реки", "Rivers", "Өзендер", "Реки и осевые линии озёр Natural Earth 1:10m.",
        "Natural Earth 1:10m rivers and lake centrelines.", NE, PD, "Made with Natural Earth", expected_count=68,
        role="rivers", label_field="name",
        description_kk=(
            "Natural Earth 1:10m өзендері мен көлдердің осьтік сызықтары."
        ),
    ),
    LayerSpec(
        "context-lakes", "context", "ne_10m_lakes_ca.geojson", "Озёра", "Lakes", "Көлдер",
        "Озёра Natural Earth 1:10m (без водохранилищ).", "Natural Earth 1:10m lakes (reservoirs excluded).",
        NE, PD, "Made with Natural Earth", where="featurecla <> 'Reservoir'", expected_count=88, label_field="name",
        description_kk=(
            "Natural Earth 1:10m көлдері (су қоймаларынсыз)."
        ),
    ),
    LayerSpec(
        "context-places-geonames", "context", "geonames_cities1000_ca.geojson",
        "Населённые пункты (GeoNames, ≥1000 жителей)", "Populated places (GeoNames, ≥1000 people)",
        "Елді мекендер (GeoNames, ≥1000 адам)",
        "Населённые пункты GeoNames с населением от 1000 человек; alternatenames содержит кириллические формы.",
        "GeoNames places with population of 1,000 or more; alternatenames holds the Cyrillic forms.",
        "GeoNames cities1000", CC_BY, "GeoNames (geonames.org)", expected_count=4950,
        role="population", label_field="name", population_field="population",
        description_kk=(
            "Халқы 1000 адамнан асатын GeoNames елді мекендері; alternatenames өрісінде кирилл жазуындағы "
            "атаулары бар."
        ),
    ),
    LayerSpec(
        "context-places-natural-earth", "context", "ne_10m_populated_places_ca.geojson",
        "Города (Natural Earth)", "Cities (Natural Earth)", "Қалалар (Natural Earth)",
        "Населённые пункты Natural Earth 1:10m с численностью населения и русскими названиями.",
        "Natural Earth 1:10m populated places with population and Russian names.", NE, PD,
        "Made with Natural Earth", expected_count=429, role="places", label_field="name", population_field="pop_max",
        description_kk=(
            "Natural Earth 1:10m елді мекендері: халық саны және орысша атаулары."
        ),
    ),
    LayerSpec(
        "context-glaciers", "context", "ne_10m_glaciated_areas_ca.geojson", "Оледенение", "Glaciated areas",
        "Мұздықтар", "Ледники Памира, Тянь-Шаня, Алтая и др. (Natural Earth 1:10m).",
        "Glaciers of the Pamir, Tien Shan, Altai and others (Natural Earth 1:10m).", NE, PD,
        "Made with Natural Earth", expected_count=260, label_field="name",
        description_kk=(
            "Памир, Тянь-Шань, Алтай және басқа таулардың мұздықтары (Natural Earth 1:10m)."
        ),
    ),
    LayerSpec(
        "context-physical-regions", "context", "ne_10m_geography_regions_polys_ca.geojson",
        "Физико-географические районы", "Physical regions", "Физикалық-географиялық аудандар",
        "Горные системы, пустыни и долины Natural Earth 1:10m (Тянь-Шань, Памир, Кызылкум, Ферганская долина…).",
        "Natural Earth 1:10m ranges, deserts and valleys (Tien Shan, Pamirs, Kyzylkum, Fergana Valley…).", NE, PD,
        "Made with Natural Earth", expected_count=50, label_field="name",
        description_kk=(
            "Natural Earth 1:10m тау жүйелері, шөлдері мен аңғарлары (Тянь-Шань, Памир, Қызылқұм, Ферғана "
            "аңғары…)."
        ),
    ),
    LayerSpec(
        "context-plate-boundaries", "context", "pb2002_boundaries_ca.geojson",
        "Границы литосферных плит (PB2002)", "Plate boundaries (PB2002)",
        "Литосфералық тақталардың шекаралары (PB2002)",
        "Границы плит модели PB2002 (Аравийская–Евразийская, Евразийская–Индийская).",
        "PB2002 plate boundaries (Arabia–Eurasia, Eurasia–India).", "PB2002 (Bird 2003)", "ODC-By 1.0",
        "Peter Bird (2003), G3 4(3); Hugo Ahlenius / Nordpil", expected_count=4, label_field="Name",
        description_kk=(
            "PB2002 үлгісіндегі литосфералық тақталардың шекаралары (Араб–Еуразия, Еуразия–Үнді)."
        ),
    ),
]


EVENTS_FILE = "../events/events.csv"
EVENTS_SOURCE = "Atlas register of historic events compiled from cited public sources (news agencies, IFRC, " \
                "encyclopaedias, HMAGLOFDB, NASA GLC)"
EVENTS_ATTRIBUTION = "Central Asia Hazards Atlas register; sources per row in fixtures/events/SOURCES.md"
EVENTS_RU = ("Исторические события из реестра атласа: дата (с точностью, которую дают источники), число погибших, "
             "пострадавших и эвакуированных, ущерб, затронутые страны и источники каждой строки "
             "(fixtures/events/SOURCES.md). Точка — место, названное источником (поле point_basis); события без "
             "координат остаются в реестре, но не на карте. ")
EVENTS_EN = ("Historic events of the atlas's register: the date (as precise as the sources give it), deaths, people "
             "affected and evacuated, damage, the countries affected and each row's sources "
             "(fixtures/events/SOURCES.md). The point is the place a source names (attribute point_basis); events "
             "without coordinates stay in the register but not on the map. ")
EVENTS_KK = ("Атлас тізіліміндегі тарихи оқиғалар: күні (дереккөздер берген дәлдікпен), қаза тапқандар, зардап "
             "шеккендер мен көшірілгендер саны, залал, зардап шеккен елдер және әр жолдың дереккөздері "
             "(fixtures/events/SOURCES.md). Нүкте — дереккөз атаған орын (point_basis өрісі); координатасы жоқ "
             "оқиғалар тізілімде қалады, бірақ картада көрсетілмейді. ")


def _event_layer(hazard: str, titles: tuple[str, str, str], kinds: tuple[str, str, str], count: int,
                 river_hazard: bool) -> LayerSpec:
    """One hazard type's layer of the events register: its rows selected by `atlas_hazard`, levels from lives lost."""
    return LayerSpec(
        f"{hazard}-events-register", hazard, EVENTS_FILE, *titles,
        EVENTS_RU + kinds[0] + " " + LIVES_RU.format(f="deaths"),
        EVENTS_EN + kinds[1] + " " + LIVES_EN.format(f="deaths"),
        EVENTS_SOURCE, "facts with sources per row", EVENTS_ATTRIBUTION,
        description_kk=EVENTS_KK + kinds[2] + " " + LIVES_KK.format(f="deaths"),
        where=f"atlas_hazard = '{hazard}'", classification=_classified(LIVES_LOST, "deaths"), time_field="date",
        river_hazard=river_hazard, expected_count=count, label_field="name_en",
        river_field="river" if river_hazard else "",
    )


LAYERS += [
    _event_layer("flood", ("Наводнения, прорывы озёр и плотин (реестр событий)",
                           "Floods, lake outbursts and dam failures (events register)",
                           "Су тасқындары, көл мен бөгет ақтарылулары (оқиғалар тізілімі)"),
                 ("Наводнения, прорывы ледниковых озёр и разрушения плотин (Сардоба 2020, Кызыл-Агаш 2010, "
                  "Шахимардан 1998…).",
                  "Floods, glacial lake outbursts and dam failures (Sardoba 2020, Kyzyl-Agash 2010, Shakhimardan "
                  "1998…).",
                  "Су тасқындары, мұздық көлдерінің ақтарылуы және бөгеттердің бұзылуы (Сардоба 2020, Қызылағаш 2010, "
                  "Шахимардан 1998…)."), 19, True),
    _event_layer("mudflow", ("Сели (реестр событий)", "Mudflows (events register)", "Селдер (оқиғалар тізілімі)"),
                 ("Сели и селевые прорывы озёр (Алма-Ата 1921, Иссык 1963, Медео 1973…).",
                  "Mudflows and debris-flow outbursts (Almaty 1921, Issyk 1963, Medeu 1973…).",
                  "Сел тасқындары және көлдердің селдік ақтарылуы (Алматы 1921, Есік 1963, Медеу 1973…)."), 11, True),
    _event_layer("landslide", ("Оползни и обвалы (реестр событий)", "Landslides and rock falls (events register)",
                               "Жер көшкіндері мен опырылымдар (оқиғалар тізілімі)"),
                 ("Оползни и обвалы (Хаит 1949, Усой 1911, Шарора 1989…).",
                  "Landslides and rock falls (Khait 1949, Usoi 1911, Sharora 1989…).",
                  "Жер көшкіндері мен опырылымдар (Хаит 1949, Усой 1911, Шарора 1989…)."), 9, False),
    _event_layer("manmade", ("Техногенные аварии (реестр событий)", "Industrial accidents (events register)",
                             "Техногендік апаттар (оқиғалар тізілімі)"),
                 ("Взрывы на складах и предприятиях, аварии хвостохранилищ и разливы (Арысь 2019, Майлуу-Суу 1958, "
                  "Барскоон 1998…).",
                  "Explosions at depots and plants, tailings failures and spills (Arys 2019, Mailuu-Suu 1958, "
                  "Barskoon 1998…).",
                  "Қоймалар мен кәсіпорындардағы жарылыстар, қалдық қоймаларының апаттары және төгілулер (Арыс 2019, "
                  "Майлуу-Суу 1958, Барскоон 1998…)."), 10, False),
]
