using System.Text;

namespace Gimbal.Gateway.Demo;

/// <summary>The curl commands that exercise the quickstart, with the gateway's actual ports.</summary>
internal static class DemoBanner
{
    public static string Render(DemoSettings settings)
    {
        var http = settings.Gateway.Http.Port;
        var https = settings.Gateway.Https.Port;
        var admin = settings.Gateway.Admin.Port;
        // The demo certificate (also in 30-demo-tls-secret.yaml), self-signed, so curl can trust it explicitly.
        var ca = Path.Combine(settings.Manifests, "demo-ca.pem");
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"Gimbal gateway demo is up, serving the manifests in {settings.Manifests}");
        text.AppendLine("Try it (edit the manifests and the gateway picks the change up within a second):");
        text.AppendLine();
        text.AppendLine("  # plain HTTP: team-a's host goes to upstream cluster us-east, /west to us-west");
        text.AppendLine($"  curl -s -H 'Host: web.gimbal.local' http://127.0.0.1:{http}/");
        text.AppendLine($"  curl -s -H 'Host: web.gimbal.local' http://127.0.0.1:{http}/west/hello");
        text.AppendLine();
        text.AppendLine("  # TLS with the demo certificate (SNI secure.gimbal.local); plain HTTP there redirects to HTTPS");
        text.AppendLine($"  curl -s --cacert {ca} --resolve secure.gimbal.local:{https}:127.0.0.1 https://secure.gimbal.local:{https}/");
        text.AppendLine($"  curl -si -H 'Host: secure.gimbal.local' http://127.0.0.1:{http}/ | head -n 3");
        text.AppendLine();
        text.AppendLine("  # a weighted split: about 9 in 10 requests to us-east, 1 in 10 to us-west");
        text.AppendLine($"  for i in $(seq 100); do curl -s -H 'Host: canary.gimbal.local' http://127.0.0.1:{http}/; done | sort | uniq -c");
        text.AppendLine();
        text.AppendLine("  # health, readiness and Prometheus metrics");
        text.AppendLine($"  curl -s http://127.0.0.1:{admin}/readyz; curl -s http://127.0.0.1:{admin}/metrics | grep gimbal_yarp");
        return text.ToString();
    }
}
