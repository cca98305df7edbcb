using System.Globalization;

namespace Gimbal.Benchmarks.Gateway;

/// <summary>
/// CPU time (user + system) of a process tree from /proc. On a shared machine requests/s move with
/// the neighbours' load; CPU spent per request does not, so the benchmark prints both.
/// </summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux ABI .NET runs on

    public static TimeSpan OfTree(int root)
    {
        var stats = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                stats[pid] = stat;
            }
        }

        long total = 0;
        var pending = new Stack<int>([root]);
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            if (!stats.TryGetValue(pid, out var stat))
            {
                continue;
            }

            total += stat.Ticks;
            foreach (var (child, childStat) in stats)
            {
                if (childStat.Parent == pid)
                {
                    pending.Push(child);
                }
            }
        }

        return TimeSpan.FromSeconds(total / TicksPerSecond);
    }

    private static (int Parent, long Ticks)? Read(int pid)
    {
        try
        {
            // The command name may hold spaces and parentheses: the fields start after the last ')'.
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (parent, ticks);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
