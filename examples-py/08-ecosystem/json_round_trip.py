# Card: json.dumps/loads vs JsonSerializer - indent=2 matches WriteIndented, but compact output and key names differ
import json
from dataclasses import asdict, dataclass


@dataclass
class Order:
    id: int
    customer: str
    items: list[str]
    paid: bool
    note: str | None = None


# region core
order = Order(id=7, customer="Ada", items=["tea", "scones"], paid=True)
print(json.dumps(asdict(order), indent=2))
print(json.dumps(asdict(order), separators=(",", ":")))  # compact, no spaces

data = json.loads('{"id": 8, "customer": "Linus", "items": [], "paid": false, "note": null}')
back = Order(**data)
print(f"{back.customer}: {len(back.items)} items, paid={back.paid}, note={back.note or '(none)'}")
# endregion
