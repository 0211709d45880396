using System.Text.Json.Serialization;

namespace Sweep.Training.Specs;

/// <summary>One layer of a sequential model, in Keras terms.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(DenseSpec), "dense")]
[JsonDerivedType(typeof(ActivationSpec), "activation")]
[JsonDerivedType(typeof(DropoutSpec), "dropout")]
public abstract record LayerSpec;
