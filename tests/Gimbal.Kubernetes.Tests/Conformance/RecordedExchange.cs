namespace Gimbal.Kubernetes.Tests.Conformance;

/// <summary>One request and answer recorded from a real kube-apiserver (see Recorded/README.md for the format).</summary>
internal sealed record RecordedExchange(
    string Title,
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> RequestHeaders,
    string RequestBody,
    int StatusCode,
    IReadOnlyDictionary<string, string> ResponseHeaders,
    string ResponseBody)
{
    public static IReadOnlyList<RecordedExchange> Load(string file)
    {
        var exchanges = new List<RecordedExchange>();
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Conformance", "Recorded", file));
        var i = 0;
        while (i < lines.Length)
        {
            if (!lines[i].StartsWith("### ", StringComparison.Ordinal))
            {
                i++;
                continue;
            }

            var title = lines[i++][4..];
            while (i < lines.Length && lines[i].StartsWith('#') && !lines[i].StartsWith("### ", StringComparison.Ordinal))
            {
                i++;
            }

            if (i >= lines.Length || !lines[i].StartsWith("> ", StringComparison.Ordinal))
            {
                continue;
            }

            var requestLine = lines[i++][2..].Split(' ', 2);
            var requestHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (i < lines.Length && lines[i].StartsWith("> ", StringComparison.Ordinal))
            {
                AddHeader(requestHeaders, lines[i++][2..]);
            }

            var requestBody = new List<string>();
            while (i < lines.Length && !lines[i].StartsWith("< ", StringComparison.Ordinal))
            {
                requestBody.Add(lines[i++]);
            }

            var status = int.Parse(lines[i++][2..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            var responseHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (i < lines.Length && lines[i].StartsWith("< ", StringComparison.Ordinal))
            {
                AddHeader(responseHeaders, lines[i++][2..]);
            }

            var responseBody = new List<string>();
            while (i < lines.Length && !lines[i].StartsWith("### ", StringComparison.Ordinal))
            {
                if (!lines[i].StartsWith('#'))
                {
                    responseBody.Add(lines[i]);
                }

                i++;
            }

            exchanges.Add(new RecordedExchange(title, requestLine[0], requestLine[1], requestHeaders, string.Join('\n', requestBody).Trim(), status, responseHeaders, string.Join('\n', responseBody).Trim()));
        }

        return exchanges;
    }

    private static void AddHeader(Dictionary<string, string> headers, string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
    }
}
