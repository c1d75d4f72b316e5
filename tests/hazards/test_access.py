"""The access policy: who reads and who edits which layers."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.tokens import api_token_check
from hazards import access
from hazards.models import Country, Layer

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted_kaz_layer():
    layer = Layer.objects.get(slug="manmade-reservoirs")
    layer.access, layer.owner = Layer.Access.RESTRICTED, Country.objects.get(iso3="KAZ")
    layer.save()
    return layer


def test_who_reads_a_restricted_layer(restricted_kaz_layer, kaz_editor, kgz_editor, analyst, regional_admin):
    from django.contrib.auth.models import AnonymousUser

    def reads(user):
        return access.layers_readable(user).filter(pk=restricted_kaz_layer.pk).exists()

    assert not reads(AnonymousUser())
    assert not reads(kgz_editor)
    assert reads(kaz_editor)
    assert reads(analyst)
    assert reads(regional_admin)
    assert access.layers_readable(AnonymousUser()).filter(slug="seismic-earthquakes-emca").exists()


def test_who_edits_a_countrys_layers(restricted_kaz_layer, kaz_editor, kgz_editor, analyst, regional_admin):
    assert access.can_edit_layer(kaz_editor, restricted_kaz_layer)
    assert not access.can_edit_layer(kgz_editor, restricted_kaz_layer)
    assert not access.can_edit_layer(analyst, restricted_kaz_layer)
    assert access.can_edit_layer(regional_admin, restricted_kaz_layer)
    regional = Layer.objects.get(slug="seismic-earthquakes-emca")
    assert not access.can_edit_layer(kaz_editor, regional)
    assert access.can_edit_layer(regional_admin, regional)


def test_atlas_user_command_creates_an_editor_with_a_token(capsys):
    call_command("atlas_user", "osh", "--role", "editor", "--country", "kgz", "--token")
    token = capsys.readouterr().out.strip()
    user = api_token_check(key=token).user
    assert user.username == "osh"
    assert user.membership.country.iso3 == "KGZ"
    with pytest.raises(CommandError, match="needs --country"):
        call_command("atlas_user", "nobody", "--role", "editor")
    with pytest.raises(CommandError, match="unknown country"):
        call_command("atlas_user", "nobody", "--role", "editor", "--country", "XXX")
