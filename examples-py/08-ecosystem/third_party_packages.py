# Card: a pip package (pydantic) mirrors a NuGet package (Newtonsoft.Json): both declared once per course, both parse JSON into a typed model and reject bad input
from pydantic import BaseModel, ValidationError


# region core
class Order(BaseModel):
    id: int
    customer: str
    total: float


order = Order.model_validate_json('{"id": 7, "customer": "Ada", "total": 12.5}')
print(order.id, order.customer, f"{order.total:.2f}")
print(order.model_dump_json())

try:
    Order.model_validate_json('{"id": "seven", "customer": "Ada", "total": 1}')
except ValidationError as e:
    print("invalid:", e.errors()[0]["loc"][0])
# endregion
