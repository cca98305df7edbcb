using System.CommandLine;
using Gimbal.Cli.Output;
using Gimbal.Core.Json;

namespace Gimbal.Cli.Commands;

/// <summary>`gimbal compile -f FILE|DIR`: the route table, endpoint table and diagnostics; exit 1 on any error diagnostic.</summary>
internal static class CompileCommand
{
    public static Command Create()
    {
        var files = CommonOptions.Files();
        var format = CommonOptions.Format("text", "json");
        var ingressClass = CommonOptions.IngressClass();
        var command = new Command("compile", "Compile manifests and print the route table, endpoint table and diagnostics. Exits 1 when any error diagnostic exists.")
        {
            files, format, ingressClass,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var result = await ManifestInput.CompileAsync(parse.GetValue(files)!, parse.GetValue(ingressClass)!, Console.Error, cancellationToken);
            if (result is null)
            {
                return ManifestInput.ExitUsage;
            }

            var text = parse.GetValue(format) == "json" ? RouteJson.Serialize(result) : TextReport.Render(result);
            await Console.Out.WriteLineAsync(text);
            return result.HasErrors ? ManifestInput.ExitErrors : ManifestInput.ExitOk;
        });
        return command;
    }
}
