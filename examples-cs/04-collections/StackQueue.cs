// Card: Stack<T>/Queue<T> vs list/collections.deque - popleft() on a deque, never list.pop(0) (O(n)); a list iterates bottom-first
#region core
var stack = new Stack<string>();
foreach (var item in new[] { "a", "b", "c" })
    stack.Push(item);
Console.WriteLine($"{stack.Peek()} {string.Join(", ", stack)}");
Console.WriteLine($"{stack.Pop()} {stack.Pop()}");

var queue = new Queue<string>();
foreach (var item in new[] { "a", "b", "c" })
    queue.Enqueue(item);
Console.WriteLine($"{queue.Peek()} {string.Join(", ", queue)}");
while (queue.TryDequeue(out var next))
    Console.WriteLine($"served {next}");
try
{
    queue.Dequeue();
}
catch (InvalidOperationException)
{
    Console.WriteLine("queue is empty");
}
#endregion
