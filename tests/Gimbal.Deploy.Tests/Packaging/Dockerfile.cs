using System.Text.RegularExpressions;

namespace Gimbal.Deploy.Tests.Packaging;

/// <summary>The instructions of a Dockerfile that the tests check (continuation lines joined, comments dropped).</summary>
internal sealed partial record Dockerfile(string Path, IReadOnlyList<(string Instruction, string Arguments)> Lines)
{
    public static Dockerfile Load(string path)
    {
        var joined = LineContinuation().Replace(File.ReadAllText(path), " ");
        var lines = joined.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2) is [var i, var a] ? (i.ToUpperInvariant(), a.Trim()) : (l.ToUpperInvariant(), string.Empty))
            .ToList();
        return new Dockerfile(path, lines);
    }

    public IEnumerable<string> Arguments(string instruction) => Lines.Where(l => l.Instruction == instruction).Select(l => l.Arguments);

    /// <summary>Sources of COPY instructions that read the build context (not --from another stage).</summary>
    public IEnumerable<string> ContextSources() => Arguments("COPY")
        .Where(a => !a.StartsWith("--from", StringComparison.Ordinal))
        .SelectMany(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1));

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex LineContinuation();
}
