"""The catalogue's attribute labels: every wording in Russian, English and Kazakh, the attributes popups show for
each seeded layer labelled, and a load that adds the catalogue's new labels without overwriting an edited one."""

import re

from region.labels import LAYER_TERMS, TERMS, attribute_labels_for, attribute_labels_merged

CYRILLIC = re.compile("[а-яёәғқңөұүһі]", re.I)


def test_every_wording_is_given_in_three_languages_with_cyrillic_russian_and_kazakh():
    for term, (ru, en, kk) in TERMS.items():
        assert ru.strip(), term
        assert en.strip(), term
        assert kk.strip(), term
        assert CYRILLIC.search(ru), term
        assert CYRILLIC.search(kk), term
        assert not CYRILLIC.search(en), term


def test_every_layer_names_only_known_terms():
    for slug, attributes in LAYER_TERMS.items():
        assert set(attributes.values()) <= set(TERMS), slug
        labels = attribute_labels_for(slug)
        assert set(labels) == set(attributes)
        assert all(set(label) == {"ru", "en", "kk"} for label in labels.values())


def test_the_outbursts_causes_glaciers_and_losses_are_labelled():
    labels = attribute_labels_for("flood-glof-events")
    assert labels["Glacier_name"] == {"ru": "Ледник", "en": "Glacier", "kk": "Мұздық"}
    assert labels["Driver_GLOF"]["kk"] == "Жарылу себебі"
    assert labels["Ref_scientific"]["en"] == "Sources"  # a reference is labelled as a source
    assert attribute_labels_for("landslide-nasa-landslides")["location_accuracy"]["ru"] == "Точность местоположения"


def test_a_load_adds_new_catalogue_labels_and_keeps_an_edited_one():
    edited = {"Lake_name": {"ru": "Прорвавшееся озеро"}, "own_column": {"en": "Mine"}}
    merged = attribute_labels_merged("flood-glof-events", edited)
    assert merged["Lake_name"] == {"ru": "Прорвавшееся озеро"}
    assert merged["own_column"] == {"en": "Mine"}
    assert merged["Glacier_name"]["ru"] == "Ледник"
    assert attribute_labels_merged("no-such-layer", None) == {}
