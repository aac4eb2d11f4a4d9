// Card: copying nested lists - [[0] * 3] * 3 repeats ONE row; list.copy() is shallow like new List<T>(src); use copy.deepcopy
#region core
var grid = Enumerable.Repeat(new List<int> { 0, 0, 0 }, 3).ToList(); // same trap
grid[0][0] = 1;
Console.WriteLine(Show(grid));
grid = Enumerable.Range(0, 3).Select(_ => new List<int> { 0, 0, 0 }).ToList();
grid[0][0] = 1;
Console.WriteLine(Show(grid));

var shallow = new List<List<int>>(grid);
var deep = grid.Select(row => row.ToList()).ToList();
grid[1][1] = 5;
Console.WriteLine($"{shallow[1][1]} {deep[1][1]}");
Console.WriteLine($"{ReferenceEquals(shallow, grid)} {ReferenceEquals(shallow[1], grid[1])}");
#endregion

static string Show(List<List<int>> grid) => string.Join(" ", grid.Select(row => string.Concat(row)));
