// Card: List<T>.Sort is unstable, list.sort() and sorted() are stable - equal keys keep their order only in Python (and in OrderBy)
#region core
var tickets = Enumerable.Range(1, 20).Select(n => (Id: n, Priority: n % 3 == 0 ? "high" : "low")).ToList();

static bool IsLow((int Id, string Priority) ticket) => ticket.Priority != "high";

// tickets.Sort(...) would scramble equal keys (it is an introsort); OrderBy is stable
tickets = tickets.OrderBy(IsLow).ToList();
Console.WriteLine(string.Join(" ", tickets.Select(t => t.Id)));
var lowFirst = tickets.OrderByDescending(IsLow);      // stable too
Console.WriteLine(string.Join(" ", lowFirst.Select(t => t.Id)));
#endregion
