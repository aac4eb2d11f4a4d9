# Card: a class-decorator registry vs attribute scanning - Python registers when the class statement runs, C# finds attributes by reflection
EXPORTERS: dict[str, type] = {}


# region core
def exporter(fmt: str):
    def register(cls: type) -> type:
        EXPORTERS[fmt] = cls
        return cls  # hand the class back unchanged
    return register


@exporter("csv")
class CsvExporter:
    def export(self, cells: list[str]) -> str:
        return ",".join(cells)


@exporter("md")
class MarkdownExporter:
    def export(self, cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"
# endregion


@exporter("html")
class HtmlExporter:
    def export(self, cells: list[str]) -> str:
        return "".join(f"<td>{c}</td>" for c in cells)


class DraftExporter:  # not decorated: never registered
    def export(self, cells: list[str]) -> str:
        return ""


# region usage
for fmt in sorted(EXPORTERS):
    cls = EXPORTERS[fmt]
    print(f"{fmt}: {cls.__name__} -> {cls().export(['a', 'b'])}")
# endregion
