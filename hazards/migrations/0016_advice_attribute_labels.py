"""Advice per hazard type and level (as ThinkHazard! gives it), seeded for the base hazard types in Russian,
English and Kazakh; attribute labels per layer for popups and layer pages."""

import django.db.models.deletion

import hazards.labels
from django.db import migrations, models


# The base hazard types, as region/catalogue.py creates them (a fresh database migrates before the region is
# loaded): created here when missing so that their advice exists from the start; never overwritten.
BASE_TYPES = {
    "flood": ("Наводнения и прорывы озёр", "Floods and lake outbursts", "Су тасқыны және көл жарылуы", "#0072b2", 10,
              50, 60, 300),
    "seismic": ("Землетрясения", "Earthquakes", "Жер сілкінісі", "#d55e00", 20, 25, 0, 0),
    "mudflow": ("Сели", "Mudflows (debris flows)", "Сел", "#8c510a", 30, 30, 60, 0),
    "manmade": ("Техногенные опасности", "Man-made hazards", "Техногендік қауіптер", "#cc79a7", 40, 20, 30, 300),
    "landslide": ("Оползни", "Landslides", "Жер көшкіні", "#e69f00", 50, 10, 0, 0),
}
HIGH, MEDIUM, LOW, VERY_LOW = 4, 3, 2, 1
# (ru, en, kk) per hazard type and level.
ADVICE = {
    "flood": {
        HIGH: (
            "Наводнения и прорывы озёр здесь вероятны и могут угрожать жизни людей и разрушать постройки. Не "
            "размещайте новое жильё, школы и больницы в поймах и на путях прорывных паводков; содержите в порядке "
            "дамбы, русла и плотины; наблюдайте за высокогорными озёрами и уровнем рек и оповещайте сёла ниже по "
            "течению; подготовьте пути эвакуации и проводите учения.",
            "Floods and lake outbursts are likely here and can threaten lives and destroy buildings. Keep new "
            "housing, schools and hospitals out of flood plains and outburst paths; maintain dykes, channels and "
            "dams; monitor high-mountain lakes and river levels and warn the villages downstream; prepare evacuation "
            "routes and hold drills.",
            "Мұнда су тасқыны мен көлдердің жарылуы ықтимал, олар адам өміріне қауіп төндіріп, құрылыстарды қиратуы "
            "мүмкін. Жаңа тұрғын үйлерді, мектептер мен ауруханаларды жайылмаларға және тасқын жолдарына салмаңыз; "
            "дамбаларды, арналар мен бөгеттерді күтіп ұстаңыз; биік таулы көлдер мен өзендердің су деңгейін бақылап, "
            "төменгі ағыстағы ауылдарға дер кезінде хабарлаңыз; эвакуация жолдарын дайындап, жаттығулар өткізіңіз.",
        ),
        MEDIUM: (
            "Разрушительные наводнения здесь случаются время от времени. Учитывайте опасность затопления в планах "
            "землепользования и при выдаче разрешений на строительство, поднимайте полы и инженерные сети в "
            "затопляемых местах, расчищайте русла и водопропускные трубы и убедитесь, что предупреждения с верховьев "
            "доходят до людей в зоне риска.",
            "Damaging floods happen here from time to time. Take the flood hazard into account in land-use plans and "
            "building permits, raise floors and utilities in flood-prone places, keep riverbeds and culverts clear, "
            "and make sure warnings from upstream reach the people at risk.",
            "Мұнда қиратушы су тасқындары анда-санда болып тұрады. Жерді пайдалану жоспарларында және құрылысқа "
            "рұқсат беруде су басу қаупін ескеріңіз, су басатын жерлерде едендер мен инженерлік желілерді биік "
            "орналастырыңыз, арналар мен су өткізетін құбырларды тазартыңыз және жоғарғы ағыстан келетін "
            "ескертулердің қауіп аймағындағы адамдарға жететініне көз жеткізіңіз.",
        ),
        LOW: (
            "Наводнения возможны, но редки. Проверьте опасность затопления для важных объектов у рек, поддерживайте "
            "водоотвод в рабочем состоянии и учитывайте наводнения в местных планах действий в чрезвычайных "
            "ситуациях.",
            "Floods are possible but rare. Check the flood hazard for important facilities near rivers, keep "
            "drainage working and include floods in local emergency plans.",
            "Су тасқыны болуы мүмкін, бірақ сирек. Өзен маңындағы маңызды нысандар үшін су басу қаупін тексеріңіз, "
            "су бұру жүйесін жұмыс күйінде ұстаңыз және су тасқынын жергілікті төтенше жағдайлар жоспарларында "
            "ескеріңіз.",
        ),
        VERY_LOW: (
            "По имеющимся данным опасность наводнений очень низкая. Особых мер, кроме исправного водоотвода, не "
            "требуется; пересмотрите оценку, когда появятся новые данные.",
            "On current knowledge the flood hazard is very low. No special measures beyond working drainage are "
            "needed; review the assessment when new data appear.",
            "Қолда бар деректер бойынша су тасқыны қаупі өте төмен. Жақсы су бұру жүйесінен басқа арнайы шаралар "
            "қажет емес; жаңа деректер пайда болғанда бағалауды қайта қараңыз.",
        ),
    },
    "seismic": {
        HIGH: (
            "Здесь ожидаются сильные землетрясения, повреждающие здания. Строго соблюдайте нормы сейсмостойкого "
            "строительства (расчётная интенсивность по карте сейсмического районирования), усиливайте школы, "
            "больницы, старые кирпичные и панельные дома, закрепляйте тяжёлую мебель, обучайте людей действиям при "
            "землетрясении и готовьте поисково-спасательные силы.",
            "Strong earthquakes that damage buildings are expected here. Apply the seismic building code strictly "
            "(the design intensity of the seismic zoning map), strengthen schools, hospitals and old brick and "
            "panel buildings, fix heavy furniture, teach people what to do in an earthquake and prepare search and "
            "rescue teams.",
            "Мұнда ғимараттарды зақымдайтын күшті жер сілкіністері күтіледі. Сейсмикаға төзімді құрылыс "
            "нормаларын қатаң сақтаңыз (сейсмикалық аудандастыру картасы бойынша есептік қарқындылық), мектептерді, "
            "ауруханаларды, ескі кірпіш және панельді үйлерді күшейтіңіз, ауыр жиһазды бекітіңіз, адамдарды жер "
            "сілкінісі кезіндегі әрекеттерге үйретіңіз және іздестіру-құтқару күштерін дайындаңыз.",
        ),
        MEDIUM: (
            "Разрушительные сотрясения возможны в течение срока службы здания. Проектируйте и стройте по "
            "сейсмическим нормам, проверьте важные объекты и системы жизнеобеспечения (вода, газ, электричество) и "
            "включите землетрясения в планы действий и учения в школах.",
            "Damaging shaking is possible within the lifetime of a building. Design and build to the seismic code, "
            "check important facilities and lifelines (water, gas, power), and include earthquakes in emergency "
            "plans and school drills.",
            "Ғимараттың қызмет ету мерзімі ішінде қиратушы сілкіністер болуы мүмкін. Сейсмикалық нормалар бойынша "
            "жобалап, салыңыз, маңызды нысандар мен тіршілікті қамтамасыз ету жүйелерін (су, газ, электр) тексеріңіз "
            "және жер сілкінісін іс-қимыл жоспарлары мен мектептердегі жаттығуларға енгізіңіз.",
        ),
        LOW: (
            "Землетрясения могут ощущаться, но редко повреждают добротные постройки. Соблюдайте строительные нормы "
            "и поддерживайте планы действий в актуальном состоянии.",
            "Earthquakes may be felt but rarely damage well-built structures. Follow the building code and keep "
            "emergency plans up to date.",
            "Жер сілкіністері сезілуі мүмкін, бірақ сапалы салынған құрылыстарды сирек зақымдайды. Құрылыс "
            "нормаларын сақтап, іс-қимыл жоспарларын өзекті күйде ұстаңыз.",
        ),
        VERY_LOW: (
            "По имеющимся данным сейсмическая опасность очень низкая; достаточно обычной строительной практики, "
            "хотя сильные удалённые землетрясения могут ощущаться.",
            "On current knowledge the seismic hazard is very low; ordinary building practice is enough, although "
            "strong distant earthquakes may be felt.",
            "Қолда бар деректер бойынша сейсмикалық қауіп өте төмен; әдеттегі құрылыс тәжірибесі жеткілікті, "
            "дегенмен алыстағы күшті жер сілкіністері сезілуі мүмкін.",
        ),
    },
    "mudflow": {
        HIGH: (
            "Сели здесь вероятны и способны разрушать дома и дороги на своём пути. Не стройте в селевых руслах и на "
            "конусах выноса; содержите селезащитные плотины, бассейны и каналы; следите за ливнями, бурным "
            "снеготаянием и горными озёрами и вовремя оповещайте и эвакуируйте людей в долинах ниже.",
            "Mudflows (debris flows) are likely here and can destroy houses and roads in their path. Do not build "
            "in mudflow channels or on alluvial fans; maintain mudflow dams, basins and channels; watch heavy rain, "
            "rapid snowmelt and mountain lakes, and warn and evacuate the valleys below in time.",
            "Мұнда сел ықтимал, ол жолындағы үйлер мен жолдарды қиратуы мүмкін. Сел арналарында және шығару "
            "конустарында құрылыс салмаңыз; селден қорғайтын бөгеттерді, тоғандар мен каналдарды күтіп ұстаңыз; "
            "нөсерлерді, қардың қарқынды еруін және тау көлдерін бақылап, төмендегі аңғарлардағы адамдарға дер "
            "кезінде хабарлап, оларды көшіріңіз.",
        ),
        MEDIUM: (
            "Сели в этом районе случаются. Нанесите селевые русла на карты, не размещайте новые постройки на "
            "конусах выноса и днищах долин, расчищайте водопропускные трубы и мосты до начала сезона и включите "
            "сели в планы оповещения и эвакуации.",
            "Mudflows happen in this area. Map the mudflow channels, keep new buildings off fans and valley floors, "
            "clear culverts and bridges before the season, and include mudflows in warning and evacuation plans.",
            "Бұл аймақта сел болып тұрады. Сел арналарын картаға түсіріңіз, жаңа құрылыстарды шығару конустарына "
            "және аңғар табанына салмаңыз, маусым басталғанға дейін су өткізетін құбырлар мен көпірлерді "
            "тазартыңыз және селді хабарлау мен эвакуациялау жоспарларына енгізіңіз.",
        ),
        LOW: (
            "Сели возможны после сильных ливней или снеготаяния. Проверяйте участки у горных рек и содержите "
            "водоотводы в чистоте.",
            "Mudflows are possible after extreme rain or snowmelt. Check sites near mountain streams and keep "
            "drains clear.",
            "Қатты нөсерден немесе қар еруінен кейін сел болуы мүмкін. Тау өзендері маңындағы учаскелерді тексеріп, "
            "су бұру жолдарын таза ұстаңыз.",
        ),
        VERY_LOW: (
            "По имеющимся данным селевая опасность очень низкая; особых мер, кроме обычной осторожности у "
            "водотоков, не требуется.",
            "On current knowledge the mudflow hazard is very low; no special measures beyond ordinary care near "
            "streams are needed.",
            "Қолда бар деректер бойынша сел қаупі өте төмен; су ағындары маңындағы әдеттегі сақтықтан басқа "
            "арнайы шаралар қажет емес.",
        ),
    },
    "manmade": {
        HIGH: (
            "Крупные плотины, хвостохранилища или бывшие испытательные полигоны здесь могут затронуть многих людей "
            "при аварии или нарушении. Обеспечьте регулярный надзор за их безопасностью и мониторинг, держите "
            "актуальными планы действий с картами затопления ниже плотин, ограничьте землепользование и "
            "водопользование вокруг хвостохранилищ и загрязнённых участков и обменивайтесь сведениями с соседними "
            "странами ниже по течению.",
            "Large dams, tailings storage or former test sites here could affect many people if they fail or are "
            "disturbed. Keep them under regular safety inspection and monitoring, keep emergency action plans with "
            "inundation maps for the areas below dams up to date, restrict land and water use around tailings and "
            "contaminated sites, and share information with the neighbouring countries downstream.",
            "Мұндағы ірі бөгендер, қалдық қоймалары немесе бұрынғы сынақ полигондары апат не бұзылу кезінде "
            "көптеген адамдарға әсер етуі мүмкін. Олардың қауіпсіздігіне тұрақты қадағалау мен мониторингті "
            "қамтамасыз етіңіз, бөгендерден төменгі аумақтың су басу карталары бар іс-қимыл жоспарларын өзекті "
            "ұстаңыз, қалдық қоймалары мен ластанған учаскелердің айналасында жер мен суды пайдалануды шектеңіз "
            "және төменгі ағыстағы көрші елдермен ақпарат алмасыңыз.",
        ),
        MEDIUM: (
            "Здесь есть опасные объекты. Добивайтесь, чтобы их владельцы своевременно проводили проверки "
            "безопасности и обновляли планы действий, чтобы жители ниже по течению знали сигналы оповещения, а "
            "планы землепользования сохраняли безопасное расстояние.",
            "Hazardous facilities are present. Make sure their owners carry out safety inspections and update "
            "their emergency plans in time, that people downstream know the warning signals, and that land-use "
            "plans keep a safe distance.",
            "Мұнда қауіпті нысандар бар. Олардың иелері қауіпсіздік тексерулерін уақтылы жүргізіп, іс-қимыл "
            "жоспарларын жаңартып отыруын, төменгі ағыстағы тұрғындардың хабарлау белгілерін білуін және жерді "
            "пайдалану жоспарларында қауіпсіз қашықтық сақталуын қамтамасыз етіңіз.",
        ),
        LOW: (
            "Опасных объектов мало или они невелики. Ведите их реестр и учитывайте их в местных планах действий в "
            "чрезвычайных ситуациях.",
            "Hazardous facilities are few or small. Keep a register of them and include them in local emergency "
            "plans.",
            "Қауіпті нысандар аз немесе олар шағын. Олардың тізілімін жүргізіп, жергілікті төтенше жағдайлар "
            "жоспарларында ескеріңіз.",
        ),
        VERY_LOW: (
            "Значимых техногенных опасностей не зарегистрировано; поддерживайте реестр объектов в актуальном "
            "состоянии.",
            "No significant man-made hazard is recorded; keep the register of facilities up to date.",
            "Елеулі техногендік қауіптер тіркелмеген; нысандар тізілімін өзекті күйде ұстаңыз.",
        ),
    },
    "landslide": {
        HIGH: (
            "Оползни и обвалы здесь вероятны; они могут разрушать здания, дороги и трубопроводы и перегораживать "
            "реки. Не стройте на неустойчивых склонах и под ними, регулируйте полив и отвод воды на склонах, не "
            "подрезайте склоны выемками под дороги и дома, наблюдайте за активными оползнями и отселяйте людей из "
            "самых опасных зон.",
            "Landslides and rock falls are likely here; they can destroy buildings, roads and pipelines and dam "
            "rivers. Do not build on or below unstable slopes, control irrigation and drainage water on slopes, do "
            "not undercut slopes for roads and houses, monitor active landslides and move people out of the most "
            "dangerous zones.",
            "Мұнда жер көшкіні мен опырылу ықтимал; олар ғимараттарды, жолдар мен құбырларды қиратып, өзендерді "
            "бөгеуі мүмкін. Тұрақсыз беткейлерде және олардың астында құрылыс салмаңыз, беткейлердегі суару мен "
            "су бұруды реттеңіз, жолдар мен үйлер үшін беткейлерді кеспеңіз, белсенді жер көшкіндерін бақылап, ең "
            "қауіпті аймақтардағы адамдарды көшіріңіз.",
        ),
        MEDIUM: (
            "Оползни на склонах этого района случаются. Изучайте устойчивость склонов перед строительством, "
            "содержите в порядке водоотвод, сохраняйте растительность на склонах и следите за трещинами после "
            "ливней, снеготаяния и землетрясений.",
            "Landslides happen on the slopes of this area. Investigate slope stability before building, keep "
            "drainage in order, protect the vegetation on slopes and watch for cracks after heavy rain, snowmelt "
            "and earthquakes.",
            "Бұл аймақтың беткейлерінде жер көшкіні болып тұрады. Құрылыс алдында беткейлердің тұрақтылығын "
            "зерттеңіз, су бұру жүйесін ретке келтіріңіз, беткейлердегі өсімдіктерді сақтаңыз және нөсерден, қар "
            "еруінен және жер сілкінісінен кейін жарықтарды бақылаңыз.",
        ),
        LOW: (
            "Оползни возможны на крутых склонах, в основном после ливней или землетрясений. Проверяйте "
            "устойчивость склонов для важных сооружений.",
            "Landslides are possible on steep slopes, mostly after heavy rain or earthquakes. Check slope stability "
            "for important structures.",
            "Жер көшкіні тік беткейлерде, негізінен нөсерден немесе жер сілкінісінен кейін болуы мүмкін. Маңызды "
            "құрылыстар үшін беткейлердің тұрақтылығын тексеріңіз.",
        ),
        VERY_LOW: (
            "По имеющимся данным оползневая опасность очень низкая; достаточно обычной осторожности при подрезке "
            "склонов и отводе воды.",
            "On current knowledge the landslide hazard is very low; ordinary care with cuts and drainage on slopes "
            "is enough.",
            "Қолда бар деректер бойынша жер көшкіні қаупі өте төмен; беткейлерді кесу мен су бұру кезіндегі "
            "әдеттегі сақтық жеткілікті.",
        ),
    },
}


def seed_advice(apps, schema_editor):
    HazardType = apps.get_model("hazards", "HazardType")
    HazardAdvice = apps.get_model("hazards", "HazardAdvice")
    for code, (ru, en, kk, colour, order, influence, snap, reach) in BASE_TYPES.items():
        hazard, _ = HazardType.objects.get_or_create(code=code, defaults={
            "name_ru": ru, "name_en": en, "name_kk": kk, "colour": colour, "sort_order": order,
            "influence_km": influence, "river_snap_km": snap, "flood_reach_km": reach})
        for level, (text_ru, text_en, text_kk) in ADVICE[code].items():
            HazardAdvice.objects.get_or_create(hazard_type=hazard, level=level, defaults={
                "text_ru": text_ru, "text_en": text_en, "text_kk": text_kk})


class Migration(migrations.Migration):

    dependencies = [
        ('hazards', '0015_issuer_role'),
    ]

    operations = [
        migrations.AddField(
            model_name='layer',
            name='attribute_labels',
            field=models.JSONField(blank=True, default=dict, validators=[hazards.labels.attribute_labels_validate], help_text='how popups and the layer page name its attributes: {"mag": {"ru": "Магнитуда", "en": "Magnitude", "kk": "Магнитуда"}, …}', verbose_name='attribute labels'),
        ),
        migrations.CreateModel(
            name='HazardAdvice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.PositiveSmallIntegerField(choices=[(1, 'very low'), (2, 'low'), (3, 'medium'), (4, 'high')], verbose_name='level')),
                ('text_ru', models.TextField(verbose_name='advice (Russian)')),
                ('text_en', models.TextField(blank=True, verbose_name='advice (English)')),
                ('text_kk', models.TextField(blank=True, verbose_name='advice (Kazakh)')),
                ('hazard_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='advice', to='hazards.hazardtype', verbose_name='hazard type')),
            ],
            options={
                'verbose_name': 'advice',
                'verbose_name_plural': 'advice per hazard type and level',
                'ordering': ['hazard_type__sort_order', '-level'],
                'constraints': [models.UniqueConstraint(fields=('hazard_type', 'level'), name='hazardadvice_unique_level')],
            },
        ),
        migrations.RunPython(seed_advice, migrations.RunPython.noop),
    ]
