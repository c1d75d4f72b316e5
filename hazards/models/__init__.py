from .access import Membership
from .event import LayerEvent
from .feature import Feature
from .geography import AdminArea, Country, CountryPart
from .hazard import HazardLevel, HazardType
from .layer import Layer, LayerVersion

__all__ = [
    "AdminArea", "Country", "CountryPart", "Feature", "HazardLevel", "HazardType", "Layer", "LayerEvent",
    "LayerVersion", "Membership",
]
