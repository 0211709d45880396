namespace Sweep.Training.Specs;

/// <summary>The built-in datasets.</summary>
public enum DatasetKind
{
    /// <summary>scikit-learn's <c>make_circles</c>, reproduced bit for bit.</summary>
    Circles,

    /// <summary>scikit-learn's <c>make_moons</c>, reproduced bit for bit.</summary>
    Moons,

    /// <summary>scikit-learn's <c>make_blobs</c> (multi-class), reproduced bit for bit.</summary>
    Blobs,

    /// <summary>Noisy sine waves of a few frequencies, one class each: a sequence task for LSTM studies.</summary>
    SineWaves,

    /// <summary>Fashion-MNIST's IDX files: 28x28 grey images of 10 kinds of clothing, with their own train/test split.</summary>
    FashionMnist,

    /// <summary>A user's CSV file with a header row, named feature columns and a 0/1 label column.</summary>
    Csv,
}
