using System.Text;
using System.Text.Json;
using Gimbal.Testing.Http;

namespace Gimbal.Testing.Storage;

/// <summary>The API server's continue token: unpadded base64url of {"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}.</summary>
internal static class ContinueToken
{
    public static string Encode(long revision, string start)
    {
        var json = $"{{\"v\":\"meta.k8s.io/v1\",\"rv\":{revision},\"start\":{JsonSerializer.Serialize(start, TestingJsonContext.Default.String)}}}";
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static (long Revision, string Start) Decode(string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var bytes = Convert.FromBase64String(padded);
            if (bytes.Length > 0 && bytes[0] is not (byte)'{' and not (byte)' ')
            {
                // Worded as Go's encoding/json words it.
                var c = (char)bytes[0];
                var quoted = c is < ' ' or > '~' ? $"'\\u{(int)c:x4}'" : $"'{c}'";
                throw StatusBodies.BadRequest($"invalid continue token: continue key is not valid: invalid character {quoted} looking for beginning of value");
            }

            using var doc = JsonDocument.Parse(bytes);
            var start = doc.RootElement.GetProperty("start").GetString() ?? string.Empty;
            return (doc.RootElement.GetProperty("rv").GetInt64(), start);
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw StatusBodies.BadRequest($"invalid continue token: continue key is not valid: {e.Message}");
        }
    }
}
