#!/usr/bin/env python3
"""Writes a synthetic mirror course for the benchmark (harness/bench/bench.sh).

    gen_course.py DIR N          N realistic small pairs spread over up to 10 lessons
    gen_course.py DIR --flood    one pair whose Python side prints without end

Every pair is a few lines of LINQ/list work, string formatting, or a class/record;
both sides print the same text. No snippet sleeps, reads files or touches the network.
Each pair embeds its own number, so no two C# sources are equal (the compile cache is
content-addressed, so identical sources would be compiled once).
"""
import sys
from pathlib import Path

# (python stem, C# stem, python source, C# source); @K@ is the pair number, @A@..@N@
# small per-pair variations.
TEMPLATES = [
    (
        "linq_filter",
        "LinqFilter",
        '''# Card: synthetic pair @K@: a comprehension replaces Where + Select + ToList
nums = list(range(1, @N@ + 1))
squares = [n * n for n in nums if n % 2 == 0]
print(", ".join(str(s) for s in squares))
print(f"sum={sum(squares)} count={len(squares)} max={max(squares)}")
print("pair @K@")
''',
        '''// Card: synthetic pair @K@: a comprehension replaces Where + Select + ToList
var nums = Enumerable.Range(1, @N@).ToList();
var squares = nums.Where(n => n % 2 == 0).Select(n => n * n).ToList();
Console.WriteLine(string.Join(", ", squares));
Console.WriteLine($"sum={squares.Sum()} count={squares.Count} max={squares.Max()}");
Console.WriteLine("pair @K@");
''',
    ),
    (
        "format_table",
        "FormatTable",
        '''# Card: synthetic pair @K@: {x:<8} and {x:>4} replace {x,-8} and {x,4}
rows = [("apple", 3, 125), ("kiwi", 12, 40), ("melon", @A@, 399)]
for name, qty, cents in rows:
    print(f"{name:<8}|{qty:>4}|{cents // 100}.{cents % 100:02d}")
total = sum(q * c for _, q, c in rows)
print(f"total {total // 100}.{total % 100:02d} (pair @K@)")
''',
        '''// Card: synthetic pair @K@: {x:<8} and {x:>4} replace {x,-8} and {x,4}
var rows = new (string Name, int Qty, int Cents)[] { ("apple", 3, 125), ("kiwi", 12, 40), ("melon", @A@, 399) };
foreach (var (name, qty, cents) in rows)
    Console.WriteLine($"{name,-8}|{qty,4}|{cents / 100}.{cents % 100:D2}");
var total = rows.Sum(r => r.Qty * r.Cents);
Console.WriteLine($"total {total / 100}.{total % 100:D2} (pair @K@)");
''',
    ),
    (
        "record_points",
        "RecordPoints",
        '''# Card: synthetic pair @K@: a frozen dataclass is a record, replace() is `with`
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Point:
    x: int
    y: int

    def __str__(self):
        return f"Point {{ X = {self.x}, Y = {self.y} }}"


points = [Point(1, 2), Point(@A@, 4), Point(-3, 7)]
for p in points:
    print(p)
moved = [replace(p, x=p.x + 10) for p in points]
print(" ".join(str(p.x) for p in moved))
print(points[0] == Point(1, 2), "pair @K@")
''',
        '''// Card: synthetic pair @K@: a frozen dataclass is a record, replace() is `with`
var points = new List<Point> { new(1, 2), new(@A@, 4), new(-3, 7) };
foreach (var p in points)
    Console.WriteLine(p);
var moved = points.Select(p => p with { X = p.X + 10 }).ToList();
Console.WriteLine(string.Join(" ", moved.Select(p => p.X)));
Console.WriteLine($"{points[0] == new Point(1, 2)} pair @K@");

record Point(int X, int Y);
''',
    ),
    (
        "account_class",
        "AccountClass",
        '''# Card: synthetic pair @K@: __init__ is the constructor, __str__ is ToString
class Account:
    def __init__(self, owner):
        self.owner = owner
        self.balance = 0
        self.history = []

    def apply(self, amount):
        self.balance += amount
        self.history.append(self.balance)

    def __str__(self):
        return f"{self.owner}: {self.balance}"


acct = Account("ada@K@")
for amount in [50, -20, @A@, -5]:
    acct.apply(amount)
print(acct)
print(f"history: {','.join(str(h) for h in acct.history)}")
''',
        '''// Card: synthetic pair @K@: __init__ is the constructor, __str__ is ToString
var acct = new Account("ada@K@");
foreach (var amount in new[] { 50, -20, @A@, -5 })
    acct.Apply(amount);
Console.WriteLine(acct);
Console.WriteLine($"history: {string.Join(",", acct.History)}");

class Account(string owner)
{
    public int Balance { get; private set; }
    public List<int> History { get; } = [];

    public void Apply(int amount)
    {
        Balance += amount;
        History.Add(Balance);
    }

    public override string ToString() => $"{owner}: {Balance}";
}
''',
    ),
    (
        "group_words",
        "GroupWords",
        '''# Card: synthetic pair @K@: a dict count replaces GroupBy + Count
words = "the cat and the dog and the @W@ bird".split(" ")
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
for w, c in counts.items():
    print(f"{w}={c}")
longest = sorted(words, key=lambda w: (-len(w), w))[0]
print(f"longest: {longest}")
''',
        '''// Card: synthetic pair @K@: a dict count replaces GroupBy + Count
var words = "the cat and the dog and the @W@ bird".Split(' ');
foreach (var g in words.GroupBy(w => w))
    Console.WriteLine($"{g.Key}={g.Count()}");
var longest = words.OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).First();
Console.WriteLine($"longest: {longest}");
''',
    ),
    (
        "string_methods",
        "StringMethods",
        '''# Card: synthetic pair @K@: strip/upper/replace/split replace Trim/ToUpper/Replace/Split
text = "  Hello, Mirror @K@  "
t = text.strip()
print(t.upper())
print(t.replace("l", "L"))
print("|".join(t.split(", ")))
print(t[::-1])
print(f"{len(t)} {t.find('Mirror')} {t.startswith('Hello')}")
''',
        '''// Card: synthetic pair @K@: strip/upper/replace/split replace Trim/ToUpper/Replace/Split
var text = "  Hello, Mirror @K@  ";
var t = text.Trim();
Console.WriteLine(t.ToUpperInvariant());
Console.WriteLine(t.Replace("l", "L"));
Console.WriteLine(string.Join("|", t.Split(", ")));
Console.WriteLine(new string(t.Reverse().ToArray()));
Console.WriteLine($"{t.Length} {t.IndexOf("Mirror", StringComparison.Ordinal)} {t.StartsWith("Hello", StringComparison.Ordinal)}");
''',
    ),
    (
        "fibonacci_loop",
        "FibonacciLoop",
        '''# Card: synthetic pair @K@: a, b = b, a + b is tuple deconstruction
parts = []
a, b = 0, 1
for i in range(@N@):
    parts.append(str(a))
    a, b = b, a + b
print(" ".join(parts))
print(f"next={a} (pair @K@)")
''',
        '''// Card: synthetic pair @K@: a, b = b, a + b is tuple deconstruction
var sb = new System.Text.StringBuilder();
long a = 0, b = 1;
for (var i = 0; i < @N@; i++)
{
    sb.Append(a).Append(' ');
    (a, b) = (b, a + b);
}
Console.WriteLine(sb.ToString().TrimEnd());
Console.WriteLine($"next={a} (pair @K@)");
''',
    ),
    (
        "stack_queue",
        "StackQueue",
        '''# Card: synthetic pair @K@: a list is the Stack, deque is the Queue
from collections import deque

stack = []
queue = deque()
for i in range(1, @S@ + 1):
    stack.append(i * i)
    queue.append(f"job{i}")
top = stack.pop()
print(f"top={top} then={stack[-1]}")
first = queue.popleft()
print(f"first={first} left={len(queue)}")
print(",".join(queue), "@K@")
''',
        '''// Card: synthetic pair @K@: a list is the Stack, deque is the Queue
var stack = new Stack<int>();
var queue = new Queue<string>();
foreach (var i in Enumerable.Range(1, @S@))
{
    stack.Push(i * i);
    queue.Enqueue($"job{i}");
}
Console.WriteLine($"top={stack.Pop()} then={stack.Peek()}");
Console.WriteLine($"first={queue.Dequeue()} left={queue.Count}");
Console.WriteLine($"{string.Join(",", queue)} @K@");
''',
    ),
    (
        "score_board",
        "ScoreBoard",
        '''# Card: synthetic pair @K@: sorted(key=(-v, k)) replaces OrderByDescending + ThenBy
scores = {"ada": 91, "bob": @B@, "cy": 78, "dee": 85}
for name, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"{name:<4}{score:>4}")
passed = [k for k, v in scores.items() if v >= 80]
print(f"passed: {', '.join(passed)} ({len(passed)}/{len(scores)})")
print(scores.get("zed@K@", -1))
''',
        '''// Card: synthetic pair @K@: sorted(key=(-v, k)) replaces OrderByDescending + ThenBy
var scores = new Dictionary<string, int> { ["ada"] = 91, ["bob"] = @B@, ["cy"] = 78, ["dee"] = 85 };
foreach (var (name, score) in scores.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
    Console.WriteLine($"{name,-4}{score,4}");
var passed = scores.Where(kv => kv.Value >= 80).Select(kv => kv.Key).ToList();
Console.WriteLine($"passed: {string.Join(", ", passed)} ({passed.Count}/{scores.Count})");
Console.WriteLine(scores.GetValueOrDefault("zed@K@", -1));
''',
    ),
    (
        "aggregate_prices",
        "AggregatePrices",
        '''# Card: synthetic pair @K@: sum/max/reduce replace Sum/Max/Aggregate
from functools import reduce

prices = [3, 5, 2, @A@]
print(f"{sum(prices)} {max(prices)} {min(prices)} {len(prices)}")
print(reduce(lambda acc, p: acc * p, prices, 1))
print(" ".join(f"{i}:{p}" for i, p in enumerate(prices)))
print(any(p > 4 for p in prices) and all(p > 0 for p in prices), "@K@")
''',
        '''// Card: synthetic pair @K@: sum/max/reduce replace Sum/Max/Aggregate
int[] prices = [3, 5, 2, @A@];
Console.WriteLine($"{prices.Sum()} {prices.Max()} {prices.Min()} {prices.Length}");
Console.WriteLine(prices.Aggregate(1L, (acc, p) => acc * p));
Console.WriteLine(string.Join(" ", prices.Select((p, i) => $"{i}:{p}")));
Console.WriteLine($"{prices.Any(p => p > 4) && prices.All(p => p > 0)} @K@");
''',
    ),
]

WORDS = ["red", "blue", "green", "owl", "lynx", "heron", "ox", "falcon", "eel", "moth"]


def fill(text: str, k: int) -> str:
    subs = {
        "@K@": str(k),
        "@A@": str(1 + k % 9),
        "@B@": str(60 + k % 40),
        "@N@": str(10 + k % 30),
        "@S@": str(3 + k % 6),
        "@W@": f"{WORDS[k % len(WORDS)]}{k}",
    }
    for key, value in subs.items():
        text = text.replace(key, value)
    return text


def lesson_count(n: int) -> int:
    # 10 pairs -> 2 lessons, 40 -> 8, 100 -> 10 (never more than 10).
    return max(1, min(10, round(n / 5)))


def write(root: Path, lesson: str, py_stem: str, cs_stem: str, py: str, cs: str) -> None:
    for tree, name, text in (("examples-py", f"{py_stem}.py", py), ("examples-cs", f"{cs_stem}.cs", cs)):
        folder = root / tree / lesson
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def generate(root: Path, n: int) -> None:
    lessons = lesson_count(n)
    for k in range(n):
        py_stem, cs_stem, py, cs = TEMPLATES[k % len(TEMPLATES)]
        lesson_no = k % lessons + 1
        lesson = f"{lesson_no:02d}-synthetic-{lesson_no}"
        write(root, lesson, f"{py_stem}_{k:03d}", f"{cs_stem}{k:03d}", fill(py, k), fill(cs, k))


def flood(root: Path) -> None:
    write(
        root,
        "01-flood",
        "endless_output",
        "EndlessOutput",
        '# Card: prints without end; mirror must cap the output and kill it\nwhile True:\n    print("x" * 100)\n',
        '// Card: prints without end; mirror must cap the output and kill it\nConsole.WriteLine("done");\n',
    )


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    root = Path(sys.argv[1])
    root.mkdir(parents=True, exist_ok=True)
    if sys.argv[2] == "--flood":
        flood(root)
    else:
        generate(root, int(sys.argv[2]))


if __name__ == "__main__":
    main()
