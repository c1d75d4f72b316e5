from .alert import Alert, AlertArea, AlertInfo, Reach
from .exchange import Acknowledgement, Delivery, Escalation, FocalPoint
from .intake import ExternalFeed, InboxAllowance, RejectedMessage

__all__ = ["Acknowledgement", "Alert", "AlertArea", "AlertInfo", "Delivery", "Escalation", "ExternalFeed",
           "FocalPoint", "InboxAllowance", "Reach", "RejectedMessage"]
