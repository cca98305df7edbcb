using System.Text;
using Gimbal.Core.Naming;

namespace Gimbal.Discovery.OpenStack.Mapping;

/// <summary>The labels and annotations the OpenStack discoverer adds on top of the backend and service labels.</summary>
public static class OpenStackLabels
{
    /// <summary>On mirrored Services: the OpenStack load balancer ID.</summary>
    public const string LoadBalancerId = "gimbal.projectcontour.io/load-balancer-id";
    /// <summary>On mirrored Services: the load balancer's name, made a valid label value (see <see cref="SanitiseLabelValue"/>).</summary>
    public const string LoadBalancerName = "gimbal.projectcontour.io/load-balancer-name";

    /// <summary>
    /// On mirrored Endpoints: each member's weight, "address:port=weight" joined by ',' in address order.
    /// Octavia weights run 0-256 and differ per member, which the Endpoints-wide weight annotation cannot say.
    /// </summary>
    public const string MemberWeights = Gimbal.Core.Compilation.Annotations.GimbalAnnotations.MemberWeights;

    /// <summary>
    /// <paramref name="value"/> as a valid label value: characters outside [A-Za-z0-9-_.] become '-', the ends are
    /// trimmed to alphanumerics, and a long value is shortened (with a hash) to fit 63 characters.
    /// </summary>
    public static string SanitiseLabelValue(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }

        var text = builder.ToString();
        var start = 0;
        var end = text.Length;
        while (start < end && !char.IsAsciiLetterOrDigit(text[start]))
        {
            start++;
        }

        while (end > start && !char.IsAsciiLetterOrDigit(text[end - 1]))
        {
            end--;
        }

        return GimbalNames.ShortenLabelValue(text[start..end]);
    }
}
