// mirror's C# compile host: one warm Roslyn (the SDK's own, loaded by path) compiles every
// snippet of a run to its own assembly, so a compile error stays with its snippet.
// mirror builds this file once per SDK with csc and caches the result (see src/lang/csharp.rs and src/lang/compile.rs).
//
// Protocol (one JSON object per line):
//   stdin : {"id":"7","src":"/course/examples-cs/07-x/Gather.cs","out":"/cache/cs/<key>/snippet.dll"}
//   stdout: {"id":"7","started":true}                  (when its compile begins: mirror's
//                                                       time limit for it starts then)
//           {"id":"7","ok":true,"diagnostics":"..."}   (warnings or errors, one per line)
// The host exits when stdin closes, after the last answer is written. mirror kills it when
// a compile runs past its limit, and sends the unanswered requests to a new host.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

static class Program
{
    // args: <roslyn dir> <ref dir> [extra reference dll ...]
    static int Main(string[] args)
    {
        var roslynDir = args[0];
        AssemblyLoadContext.Default.Resolving += (ctx, name) =>
        {
            var path = Path.Combine(roslynDir, name.Name + ".dll");
            return File.Exists(path) ? ctx.LoadFromAssemblyPath(path) : null;
        };
        return Host.Run(args[1], args.Skip(2).ToArray());
    }
}

static class Host
{
    // The usings `dotnet new console` gives (ImplicitUsings=enable).
    const string ImplicitUsings =
        "global using global::System;\n" +
        "global using global::System.Collections.Generic;\n" +
        "global using global::System.IO;\n" +
        "global using global::System.Linq;\n" +
        "global using global::System.Net.Http;\n" +
        "global using global::System.Threading;\n" +
        "global using global::System.Threading.Tasks;\n";

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(string refDir, string[] extraRefs)
    {
        var references = Directory.GetFiles(refDir, "*.dll")
            .Concat(extraRefs)
            .Select(p => (Microsoft.CodeAnalysis.MetadataReference)Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(p))
            .ToArray();
        var parseOptions = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(
            Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest,
            preprocessorSymbols: new[] { "NET", "NETCOREAPP", "DEBUG" });
        var usings = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            ImplicitUsings, parseOptions, path: "ImplicitUsings.g.cs", encoding: Encoding.UTF8);
        // Nullable annotations on, as `dotnet new console` has them, so the dll carries the
        // same nullability metadata (reflection sees it); but not the nullable warnings'
        // flow analysis: mirror never shows warnings, and skipping it takes ~11% off the
        // host's CPU (4.8 s to 4.3 s for the shipped course's 93 snippets, BENCHMARKS.md),
        // with byte for byte the same dlls as `Enable`. Deterministic, so a source always
        // gives the same dll.
        var options = new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(
                Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
                nullableContextOptions: Microsoft.CodeAnalysis.NullableContextOptions.Annotations,
                optimizationLevel: Microsoft.CodeAnalysis.OptimizationLevel.Debug,
                allowUnsafe: false,
                concurrentBuild: false,
                deterministic: true);
        // Every snippet's compilation starts from this one, so all of them share its
        // reference manager (the symbols of the ~170 referenced assemblies).
        var empty = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "snippet", new[] { usings }, references, options);

        var stdout = Console.Out;
        var writeLock = new object();
        var pending = new List<Task>();
        string? line;
        while ((line = Console.In.ReadLine()) != null)
        {
            if (line.Length == 0) continue;
            var req = JsonDocument.Parse(line).RootElement;
            var id = req.GetProperty("id").GetString()!;
            var src = req.GetProperty("src").GetString()!;
            var output = req.GetProperty("out").GetString()!;
            pending.Add(Task.Run(() =>
            {
                var started = JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["id"] = id, ["started"] = true,
                });
                lock (writeLock) { stdout.WriteLine(started); stdout.Flush(); }
                bool ok;
                string diagnostics;
                try
                {
                    (ok, diagnostics) = Compile(src, output, parseOptions, empty);
                }
                catch (Exception e)
                {
                    (ok, diagnostics) = (false, "compile host: " + e.Message);
                }
                var answer = JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["id"] = id, ["ok"] = ok, ["diagnostics"] = diagnostics,
                });
                lock (writeLock) { stdout.WriteLine(answer); stdout.Flush(); }
            }));
        }
        Task.WaitAll(pending.ToArray());
        return 0;
    }

    static (bool, string) Compile(string src, string output,
        Microsoft.CodeAnalysis.CSharp.CSharpParseOptions parseOptions,
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation empty)
    {
        var text = File.ReadAllText(src);
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            text, parseOptions, path: src, encoding: Encoding.UTF8);
        var compilation = empty.AddSyntaxTrees(tree);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var tmp = output + ".tmp" + Environment.ProcessId + "." + Environment.CurrentManagedThreadId;
        Microsoft.CodeAnalysis.Emit.EmitResult result;
        using (var stream = File.Create(tmp))
        {
            result = compilation.Emit(stream);
        }
        var diagnostics = string.Join("\n", result.Diagnostics
            .Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .Select(d => d.ToString()));
        if (result.Success)
        {
            File.Move(tmp, output, overwrite: true);
        }
        else
        {
            File.Delete(tmp);
        }
        return (result.Success, diagnostics);
    }
}
