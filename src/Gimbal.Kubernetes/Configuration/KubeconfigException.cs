namespace Gimbal.Kubernetes.Configuration;

/// <summary>A kubeconfig (or in-cluster configuration) that cannot be used; the message names the file and the field.</summary>
public sealed class KubeconfigException : Exception
{
    /// <summary>A problem described by <paramref name="message"/>, which should name the file and the field.</summary>
    /// <param name="message">What is wrong, and where.</param>
    public KubeconfigException(string message)
        : base(message)
    {
    }

    /// <summary>A problem described by <paramref name="message"/>, caused by <paramref name="inner"/> (e.g. invalid base64 or PEM).</summary>
    /// <param name="message">What is wrong, and where.</param>
    /// <param name="inner">The underlying error.</param>
    public KubeconfigException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
