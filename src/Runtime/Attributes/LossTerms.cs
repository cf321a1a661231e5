namespace PairwiseLoss;

/// <summary>How the constraints of a declaration are grouped into log-terms.</summary>
public enum LossTerms
{
    /// <summary><c>log(1 + Σ_c w_c e^{z_c})</c>: the sum inside the log (balances classes; ZLPR, softmax).</summary>
    Single = 0,

    /// <summary><c>Σ_c w_c log(1 + e^{z_c})</c>: one term per pair (threshold constraints give sigmoid BCE).</summary>
    PerPair = 1,

    /// <summary>
    /// Batched only: one log-term per class j, its sum running over the rows — the "n tasks of m classes" losses of
    /// Su Jianlin, https://kexue.fm/archives/9158: <c>"others &lt; pos"</c> is eq. loss-1, <c>Σ_j log(1 + Σ_i Σ_{k≠j} t_ij e^{γ(s_ik − s_ij + m)})</c>, and
    /// <c>"mean &lt; pos"</c> is eq. loss-3, <c>Σ_j log(1 + Σ_i t_ij e^{γ(s̄_i − s_ij + m)})</c>.
    /// The method returns that <b>sum over the classes</b>: not a mean over rows (every row is inside each class's log)
    /// and not divided by the number of classes. Rows without a positive label add no term; a class without terms adds 0.
    /// </summary>
    PerClass = 2,

    /// <summary>
    /// One log-term per upper (right-hand) item over the items wanted below it: <c>Σ_j log(1 + Σ_{i below j} e^{γ(s_i − s_j + m)})</c>.
    /// Over a list order (<c>"s[j] &lt; s[i] where i &lt; j"</c>) this is ListMLE (Xia et al., ICML 2008); over grades, each item's
    /// term runs over the strictly lower grades.
    /// </summary>
    PerItem = 3,
}
