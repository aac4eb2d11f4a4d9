// Card: optional List parameter vs a mutable default argument - Python evaluates `tags=[]` once and shares that list
#region trap
// What Python's `tags=[]` really means: ONE list, created when the function is defined
List<string> sharedDefault = [];

List<string> AddTagShared(string tag, List<string>? tags = null)
{
    tags ??= sharedDefault;
    tags.Add(tag);
    return tags;
}
#endregion

#region fix
// The usual C# idiom (defaults must be constants): a fresh list on every call
static List<string> AddTag(string tag, List<string>? tags = null)
{
    tags ??= [];
    tags.Add(tag);
    return tags;
}
#endregion

#region calls
Console.WriteLine(string.Join(", ", AddTagShared("a")));
Console.WriteLine(string.Join(", ", AddTagShared("b")));
Console.WriteLine(string.Join(", ", AddTag("a")));
Console.WriteLine(string.Join(", ", AddTag("b")));
Console.WriteLine(string.Join(", ", AddTag("c", ["x"])));
#endregion
