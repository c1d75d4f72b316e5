"""A bad request parameter: the domain's error, naming the parameter (a 400 on every surface)."""

from django.utils.functional import Promise

from hazards.errors import DomainError


class ParamError(DomainError):
    def __init__(self, param: str, detail: str | Promise) -> None:
        super().__init__("invalid_parameter", detail, parameter=param)
        self.param = param
