# Card: json.dumps/loads vs JsonSerializer - indent=2 gives WriteIndented's layout for this data; compact output, key names and escaping differ
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
note = back.note if back.note is not None else "(none)"  # C#'s ??; `or` would also replace ""
print(f"{back.customer}: {len(back.items)} items, paid={back.paid}, note={note}")
# endregion

# region escaping
city = {"city": "Zürich", "tag": "<b>"}
# The default (ensure_ascii=True) writes "Z\u00fcrich" and leaves "<b>" alone;
# ensure_ascii=False writes the text as it is.
print(json.dumps(city, ensure_ascii=False, separators=(",", ":")))
# endregion
