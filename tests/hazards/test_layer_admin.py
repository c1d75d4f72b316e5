"""The layer's admin change form keeps the rules the services keep: a new classification is checked (a translated
message on the field) and re-applied to the features with its history event; a change of another input of the
analysis of a published layer (its label attribute, for one) queues the analysis, so passports, cells and search
read the new setting; a change of nothing the analysis reads queues nothing."""

import pytest

from hazards.models import Feature, HazardLevel, LayerEvent
from hazards.services.layers import layer_publish
from tests.admin_forms import admin_change_form
from tests.conftest import queued_analyses
from tests.stored import points_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(scratch_layer, no_queued_analysis):
    """A published layer and an empty analysis queue (the test's transaction never commits, so the publication
    queued nothing)."""
    version = points_version(scratch_layer, 1, 3, x=70, y=42, step=0.01, name="Admintown")
    return layer_publish(layer=scratch_layer, version=version)


def _post(admin_client, layer, **changes):
    url = f"/admin/hazards/layer/{layer.pk}/change/"
    return admin_client.post(url, admin_change_form(admin_client, url, **changes))


@pytest.mark.parametrize(("change", "queued"), [({"label_field": "name_kk"}, 1),
                                              ({"title_en": "Renamed in the admin"}, 0)],
                         ids=["a new label attribute queues the analysis", "a new title queues nothing"])
def test_a_change_in_the_admin_queues_the_analysis_when_the_analysis_reads_it(admin_client, published, change, queued,
                                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(admin_client, published, **change)
    assert response.status_code == 302
    assert queued_analyses() == queued


def test_a_classification_set_in_the_admin_is_applied_to_the_features_and_recorded(admin_client, published):
    response = _post(admin_client, published, classification='{"level": "high"}')
    assert response.status_code == 302
    levels = set(Feature.objects.filter(version=published.published_version).values_list("hazard_level", flat=True))
    assert levels == {int(HazardLevel.HIGH)}
    assert LayerEvent.objects.filter(layer=published, action=LayerEvent.Action.RECLASSIFIED).exists()


@pytest.mark.parametrize("language", ["ru", "en", "kk"])
def test_a_wrong_classification_in_the_admin_is_a_message_on_the_field(admin_client, published, language):
    admin_client.cookies["django_language"] = language
    response = _post(admin_client, published, classification='{"level": "enormous"}')
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["classification"]
    assert errors
    assert all(error.strip() for error in errors)
    levels = set(Feature.objects.filter(version=published.published_version).values_list("hazard_level", flat=True))
    assert levels == {None}
