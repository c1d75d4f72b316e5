"""Every kind of message the atlas produces, read by tools nobody here wrote: the OASIS CAP 1.2 XSD (vendored in
alerts/schema) and capparselib (a third-party CAP reader that validates against its own copy of the schema and
standardises the fields, as aggregators do). National and regional Alert, Update and Cancel, of status Actual,
Exercise and Test, an operator Ack made by the hub and by a country's node, and the CAP Error answering a refused
submission — each must validate and read back as what was sent."""

import pytest
from capparselib.parsers import CAPParser
from lxml import etree

from alerts.models import Alert
from alerts.replies import error_reply
from alerts.sending import alert_send
from alerts.services import acknowledgement_operator, alert_cancel, alert_update_draft
from alerts.validation import xsd_errors

from .factories import send

pytestmark = pytest.mark.django_db


def _read(data: bytes) -> dict:
    """The message as capparselib standardises it (it raises on a message its schema refuses)."""
    [message] = CAPParser(data.decode("utf-8")).as_dict()
    return message


def _produced(user, focal_points, settings) -> list[bytes]:
    messages = []
    for status in (Alert.Status.ACTUAL, Alert.Status.EXERCISE, Alert.Status.TEST):
        national, regional = send(user, status=status)
        update = alert_send(alert=alert_update_draft(alert=national, user=user, note="уровень выше"), user=user)
        cancel = alert_cancel(alert=national, user=user, note="отбой")
        messages += [bytes(m.xml) for m in (national, regional, *update, *cancel)]
    _national, regional = send(user)
    uzb = focal_points["UZB"]
    hub_ack, _created = acknowledgement_operator(alert=regional, user=uzb.user, focal_point=uzb, note="принято")
    settings.ATLAS_NODE_COUNTRY = "KAZ"
    kaz = focal_points["KAZ"]
    node_ack, _created = acknowledgement_operator(alert=regional, user=kaz.user, focal_point=kaz, note="принято")
    error = error_reply(reasons=["not well-formed XML"], address=uzb.address)
    return messages + [bytes(hub_ack.message.xml), bytes(node_ack.message.xml), error]


def test_every_produced_message_passes_the_oasis_xsd_and_capparselib(kgz_issuer, focal_points, settings):
    produced = _produced(kgz_issuer, focal_points, settings)
    kinds = set()
    for data in produced:
        root = etree.fromstring(data)
        assert xsd_errors(root) == []
        message = _read(data)
        identifier = root.findtext("{urn:oasis:names:tc:emergency:cap:1.2}identifier")
        assert str(message["cap_id"]) == identifier
        assert str(message["cap_message_type"]) == root.findtext("{urn:oasis:names:tc:emergency:cap:1.2}msgType")
        assert str(message["cap_sender"]) == root.findtext("{urn:oasis:names:tc:emergency:cap:1.2}sender")
        kinds.add((str(message["cap_status"]), str(message["cap_message_type"])))
    assert {("Actual", "Alert"), ("Actual", "Update"), ("Actual", "Cancel"), ("Exercise", "Cancel"),
            ("Test", "Alert"), ("Actual", "Ack"), ("Actual", "Error")} <= kinds


def test_capparselib_reads_the_infos_and_areas_as_sent(kgz_issuer, focal_points):
    national, _regional = send(kgz_issuer)
    message = _read(bytes(national.xml))
    infos = {str(info["cap_language"]): info for info in message["cap_info"]}
    assert set(infos) == {"ru", "en", "kk"}
    assert str(infos["en"]["cap_headline"]) == "Outburst threat: Toktogul reservoir"
    assert str(infos["kk"]["cap_instruction"]) == "Нарын өзенінің жайылмасынан кетіңіз."
    assert str(infos["ru"]["cap_severity"]) == "Severe"
    [area] = infos["en"]["cap_area"]
    assert str(area["area_description"]) == "Токтогул / Toktogul"
    assert len(area["polygons"]) >= 1
    codes = {(str(code["valueName"]), str(code["value"])) for code in infos["en"]["cap_event_code"]}
    assert ("OET:v1.2", "OET-081") in codes  # the OASIS event term of a flood, for aggregators
