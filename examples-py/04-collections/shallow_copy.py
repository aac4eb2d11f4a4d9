# Card: copying nested lists - [[0] * 3] * 3 repeats ONE row; list.copy() is shallow like new List<T>(src); use copy.deepcopy
import copy


def show(grid: list[list[int]]) -> str:
    return " ".join("".join(map(str, row)) for row in grid)


# region core
grid = [[0] * 3] * 3                # three references to the SAME row
grid[0][0] = 1
print(show(grid))
grid = [[0] * 3 for _ in range(3)]  # a new row per iteration
grid[0][0] = 1
print(show(grid))

shallow = grid.copy()               # new outer list, same inner lists (also grid[:], list(grid))
deep = copy.deepcopy(grid)          # copies the rows too
grid[1][1] = 5
print(shallow[1][1], deep[1][1])
print(shallow is grid, shallow[1] is grid[1])  # `is` = ReferenceEquals
# endregion
