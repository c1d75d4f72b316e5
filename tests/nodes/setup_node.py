"""Run inside one node (`manage.py shell -c "from tests.nodes import setup_node; setup_node.main()"`, the node's
environment, NODE_SETUP = {"iso3": …}): what the node's administrator registers, through the atlas's own services.

1. the accounts: the node's duty officer (issuer of its country, also the account of its own focal point) and the
   account the peer node's system posts with; their API tokens are printed as one JSON line;
2. then, reading the peer's registration as one JSON line on stdin (its inbox, the token it expects from us, the
   key pushes are signed with, the certificate pinned for what it posts): its own focal point, the peer's and the
   regional centre.

One process per node for both steps: the Django start-up is paid once."""

import json
import os
import sys

from django.contrib.auth import get_user_model

from accounts.tokens import api_token_create
from alerts.models import FocalPoint
from hazards.models import Country
from hazards.services.users import user_set_role


def _accounts(spec: dict) -> dict:
    duty = user_set_role(username="duty", role="issuer", country=spec["iso3"], password=None)[0]
    peer = user_set_role(username="peer-system", role="analyst", password=None)[0]
    return {"duty": api_token_create(user=duty, name="node test")[1],
            "peer": api_token_create(user=peer, name="the peer node's system")[1]}


def _focal_points(spec: dict) -> dict:
    own, peer = Country.objects.get(iso3=spec["iso3"]), Country.objects.get(iso3=spec["peer_iso3"])
    accounts = get_user_model().objects
    FocalPoint.objects.create(country=own, duty_unit="own duty unit", address=f"{own.iso3.lower()}-mchs",
                              user=accounts.get(username="duty"), languages=["ru"])
    FocalPoint.objects.create(country=peer, duty_unit="the peer node", address=f"{peer.iso3.lower()}-mchs",
                              user=accounts.get(username="peer-system"), languages=["ru"],
                              webhook_url=spec["peer_inbox"], outbound_token=spec["peer_token"],
                              senders=spec["peer_senders"],
                              signing_key=spec.get("signing_key", ""), certificate=spec.get("certificate", ""))
    FocalPoint.objects.create(duty_unit="regional centre", address="rcc", is_regional_centre=True, languages=["ru"])
    return {"focal_points": FocalPoint.objects.count()}


def main() -> None:
    spec = json.loads(os.environ["NODE_SETUP"])
    print(json.dumps(_accounts(spec)), flush=True)
    print(json.dumps(_focal_points({**spec, **json.loads(sys.stdin.readline())})), flush=True)
