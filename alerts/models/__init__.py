from .alert import Alert, AlertArea, AlertInfo, Reach
from .exchange import Acknowledgement, Delivery, FocalPoint

__all__ = ["Acknowledgement", "Alert", "AlertArea", "AlertInfo", "Delivery", "FocalPoint", "Reach"]
