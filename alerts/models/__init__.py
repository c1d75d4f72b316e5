from .alert import Alert, AlertArea, AlertInfo, Reach
from .exchange import Acknowledgement, Delivery, Escalation, FocalPoint

__all__ = ["Acknowledgement", "Alert", "AlertArea", "AlertInfo", "Delivery", "Escalation", "FocalPoint", "Reach"]
