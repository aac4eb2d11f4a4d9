// Card: AggregateException vs ExceptionGroup - except* matches at any depth and several clauses can run for one raise
#region core
var failure = new AggregateException("jobs failed",
    new ArgumentException("bad size"),
    new AggregateException("batch 2", new TimeoutException("slow disk"), new ArgumentException("bad name")));
Console.WriteLine(string.Join(" | ", failure.Flatten().InnerExceptions.Select(e => e.Message)));

try
{
    throw failure;
}
catch (AggregateException ae)       // one catch: sort the inner exceptions yourself
{
    var all = ae.Flatten().InnerExceptions;
    Console.WriteLine($"values: {string.Join(", ", all.OfType<ArgumentException>().Select(e => e.Message))}");
    Console.WriteLine($"timeouts: {string.Join(", ", all.OfType<TimeoutException>().Select(e => e.Message))}");
}

try
{
    try
    {
        throw failure;
    }
    catch (AggregateException ae)
    {
        ae.Flatten().Handle(e => e is ArgumentException); // false for the rest: thrown again
    }
}
catch (AggregateException rest)
{
    Console.WriteLine($"re-raised: {string.Join(", ", rest.InnerExceptions.Select(e => e.Message))}");
}
#endregion
