"""A bad request parameter: 400 with a JSON body naming the parameter."""


class ParamError(Exception):
    def __init__(self, param: str, detail: str):
        super().__init__(detail)
        self.param = param
        self.detail = detail

    def as_dict(self) -> dict:
        return {"error": "invalid_parameter", "parameter": self.param, "detail": self.detail}
