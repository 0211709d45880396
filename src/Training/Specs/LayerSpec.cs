using System.Text.Json.Serialization;

namespace Sweep.Training.Specs;

/// <summary>One layer of a sequential model, in Keras terms.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(DenseSpec), "dense")]
[JsonDerivedType(typeof(ActivationSpec), "activation")]
[JsonDerivedType(typeof(DropoutSpec), "dropout")]
[JsonDerivedType(typeof(Conv2DSpec), "conv2d")]
[JsonDerivedType(typeof(MaxPooling2DSpec), "max_pooling2d")]
[JsonDerivedType(typeof(FlattenSpec), "flatten")]
[JsonDerivedType(typeof(ReshapeSpec), "reshape")]
[JsonDerivedType(typeof(LstmSpec), "lstm")]
public abstract record LayerSpec;
