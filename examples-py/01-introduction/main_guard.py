# Card: top-level statements vs if __name__ == "__main__" - an imported Python file runs its top-level code too
"""Rectangle helpers (a module docstring: the first string in the file)."""


# region core
def area(width: float, height: float) -> float:
    """Return the area of a width x height rectangle."""
    return width * height  # a comment: ignored, like // in C#


def main() -> None:
    print(f"area: {area(3.0, 4.5)}")
    print(f"doc: {area.__doc__}")  # docstrings are kept at run time


if __name__ == "__main__":  # true when run as a script, false when imported
    main()
# endregion
