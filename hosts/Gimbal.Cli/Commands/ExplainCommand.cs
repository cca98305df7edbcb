using System.CommandLine;
using Gimbal.Cli.Output;
using Gimbal.Core.Routing;

namespace Gimbal.Cli.Commands;

/// <summary>`gimbal explain -f FILE|DIR --url URL [--header K=V ...]`: which route would serve that request.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var files = CommonOptions.Files();
        var format = CommonOptions.Format("text", "json");
        var ingressClass = CommonOptions.IngressClass();
        var url = new Option<string>("--url") { Description = "The request URL, e.g. https://web.example.com/api?x=1", Required = true };
        var headers = new Option<string[]>("--header", "-H")
        {
            Description = "A request header as NAME=VALUE (or NAME: VALUE); repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("explain", "Tell which route, and which backends, would serve a request.")
        {
            files, url, headers, format, ingressClass,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!TryParseRequest(parse.GetValue(url)!, parse.GetValue(headers) ?? [], out var request, out var problem))
            {
                await Console.Error.WriteLineAsync($"gimbal: {problem}");
                return ManifestInput.ExitUsage;
            }

            var result = await ManifestInput.CompileAsync(parse.GetValue(files)!, parse.GetValue(ingressClass)!, Console.Error, cancellationToken);
            if (result is null)
            {
                return ManifestInput.ExitUsage;
            }

            var explanation = Explanation.Create(result, request);
            var text = parse.GetValue(format) == "json" ? Explanation.ToJson(explanation) : Explanation.ToText(explanation);
            await Console.Out.WriteLineAsync(text);
            return ManifestInput.ExitOk;
        });
        return command;
    }

    internal static bool TryParseRequest(string url, string[] headers, out RouteRequest request, out string? problem)
    {
        request = null!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problem = $"--url '{url}' is not an absolute http:// or https:// URL";
            return false;
        }

        var parsed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            var split = header.IndexOfAny(['=', ':']);
            if (split <= 0)
            {
                problem = $"--header '{header}' must be NAME=VALUE";
                return false;
            }

            parsed[header[..split].Trim()] = header[(split + 1)..].Trim();
        }

        var host = parsed.TryGetValue("Host", out var h) ? h : uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        request = new RouteRequest { Scheme = uri.Scheme, Host = host, Path = uri.AbsolutePath, Headers = parsed };
        problem = null;
        return true;
    }
}
