from .access import Membership
from .analysis import AnalysisRun, AreaLevel, Audience, Exposure, ExposureTotal, FeatureAnalysis
from .event import LayerEvent
from .feature import Feature
from .geography import AdminArea, Country, CountryPart
from .hazard import HazardAdvice, HazardLevel, HazardType
from .layer import Layer, LayerVersion
from .names import RegisterName
from .readmodel import CellFeature, CoverageCount, MatrixCount, SearchEntry, UnitDecade, UnitOutline, UnitShared
from .river import River

__all__ = [
    "AdminArea", "AnalysisRun", "AreaLevel", "Audience", "CellFeature", "Country", "CountryPart", "CoverageCount",
    "Exposure", "ExposureTotal", "Feature", "FeatureAnalysis", "HazardAdvice", "HazardLevel", "HazardType", "Layer",
    "LayerEvent", "LayerVersion", "MatrixCount", "Membership", "RegisterName", "River", "SearchEntry", "UnitDecade",
    "UnitOutline", "UnitShared",
]
