//! The scoring model: features standardised, then an average of small
//! neural networks (or one logistic layer, when a net has no hidden
//! layer). The weights are data: `rules/lexicon/align-model.toml`, or a
//! file named by `model` in the `[align]` table of crosscheck.toml.

use serde::Deserialize;

use super::features::{Features, NAMES};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    features: Vec<String>,
    mean: Vec<f64>,
    scale: Vec<f64>,
    /// Each feature is clamped to [min, max] (the range it was fitted on)
    /// before scaling: a network must not extrapolate.
    #[serde(default)]
    min: Vec<f64>,
    #[serde(default)]
    max: Vec<f64>,
    threshold: f64,
    #[serde(default)]
    note: Option<String>,
    net: Vec<RawNet>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNet {
    /// One row of input weights per hidden unit; empty for a logistic model.
    #[serde(default)]
    hidden: Vec<Vec<f64>>,
    #[serde(default)]
    hidden_bias: Vec<f64>,
    output: Vec<f64>,
    output_bias: f64,
}

/// A loaded model.
#[derive(Clone, Debug)]
pub struct Model {
    /// Index into [`NAMES`] of each input.
    inputs: Vec<usize>,
    mean: Vec<f64>,
    scale: Vec<f64>,
    min: Vec<f64>,
    max: Vec<f64>,
    nets: Vec<RawNet>,
    /// The score at or above which a pair aligns.
    pub threshold: f64,
}

impl Model {
    pub fn parse(text: &str) -> Result<Model, String> {
        let raw: RawModel = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| {
                let (l, c) = crate::diag::line_col(text, s.start);
                format!("line {l}, column {c}: ")
            });
            format!("{}{}", at.unwrap_or_default(), e.message())
        })?;
        let _ = raw.note;
        let n = raw.features.len();
        let mut seen = raw.features.clone();
        seen.sort();
        seen.dedup();
        if seen.len() != n {
            return Err("a feature is listed twice".into());
        }
        let mut inputs = Vec::with_capacity(n);
        for f in &raw.features {
            let i = NAMES
                .iter()
                .position(|x| x == f)
                .ok_or_else(|| format!("unknown feature {f:?} (known: {})", NAMES.join(", ")))?;
            inputs.push(i);
        }
        if raw.mean.len() != n || raw.scale.len() != n {
            return Err(format!("mean and scale need {n} values, one per feature"));
        }
        let min = if raw.min.is_empty() {
            vec![f64::NEG_INFINITY; n]
        } else {
            raw.min
        };
        let max = if raw.max.is_empty() {
            vec![f64::INFINITY; n]
        } else {
            raw.max
        };
        if min.len() != n || max.len() != n || min.iter().zip(&max).any(|(a, b)| a > b || a.is_nan() || b.is_nan()) {
            return Err(format!("min and max need {n} values each, with min <= max"));
        }
        if raw.scale.iter().any(|s| !s.is_finite() || *s <= 0.0) {
            return Err("every scale must be a positive number".into());
        }
        if !(0.0..=1.0).contains(&raw.threshold) {
            return Err(format!("threshold {} is outside 0..=1", raw.threshold));
        }
        if raw.net.is_empty() {
            return Err("the model needs at least one [[net]]".into());
        }
        for (k, net) in raw.net.iter().enumerate() {
            let width = if net.hidden.is_empty() { n } else { net.hidden.len() };
            let ok = net.hidden.iter().all(|r| r.len() == n)
                && net.hidden_bias.len() == net.hidden.len()
                && net.output.len() == width;
            if !ok {
                return Err(format!(
                    "net {}: hidden rows need {n} weights, hidden_bias one per row, output one per hidden unit (or per feature without a hidden layer)",
                    k + 1
                ));
            }
            let all = net.hidden.iter().flatten().chain(&net.hidden_bias).chain(&net.output);
            if all.chain([&net.output_bias]).any(|w| !w.is_finite()) {
                return Err(format!("net {}: weights must be finite numbers", k + 1));
            }
        }
        Ok(Model {
            inputs,
            mean: raw.mean,
            scale: raw.scale,
            min,
            max,
            nets: raw.net,
            threshold: raw.threshold,
        })
    }

    /// The probability that the pair says the same thing, in 0..=1.
    pub fn score(&self, f: &Features) -> f64 {
        let mut z = [0.0; NAMES.len()];
        for (k, &i) in self.inputs.iter().enumerate() {
            z[k] = (f[i].clamp(self.min[k], self.max[k]) - self.mean[k]) / self.scale[k];
        }
        let z = &z[..self.inputs.len()];
        let mut total = 0.0;
        for net in &self.nets {
            let logit = if net.hidden.is_empty() {
                dot(&net.output, z) + net.output_bias
            } else {
                let h = net
                    .hidden
                    .iter()
                    .zip(&net.hidden_bias)
                    .map(|(row, b)| (dot(row, z) + b).max(0.0));
                net.output.iter().zip(h).map(|(w, h)| w * h).sum::<f64>() + net.output_bias
            };
            total += 1.0 / (1.0 + (-logit).exp());
        }
        total / self.nets.len() as f64
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logistic_model_without_hidden_layer() {
        let m = Model::parse(
            "features = [\"dice\"]\nmean = [0.5]\nscale = [0.25]\nthreshold = 0.5\n[[net]]\noutput = [4.0]\noutput_bias = 0.0\n",
        )
        .unwrap();
        let mut f = [0.0; NAMES.len()];
        f[0] = 0.5;
        assert!((m.score(&f) - 0.5).abs() < 1e-12);
        f[0] = 1.0;
        assert!(m.score(&f) > 0.99);
    }

    #[test]
    fn bad_models_are_explained() {
        let e = Model::parse(
            "features = [\"nope\"]\nmean=[0.0]\nscale=[1.0]\nthreshold=0.5\n[[net]]\noutput=[1.0]\noutput_bias=0.0\n",
        )
        .unwrap_err();
        assert!(e.contains("unknown feature \"nope\""), "{e}");
        let e = Model::parse(
            "features = [\"dice\"]\nmean=[0.0]\nscale=[0.0]\nthreshold=0.5\n[[net]]\noutput=[1.0]\noutput_bias=0.0\n",
        )
        .unwrap_err();
        assert!(e.contains("positive"), "{e}");
        let e = Model::parse(
            "features = [\"dice\"]\nmean=[0.0]\nscale=[1.0]\nthreshold=2\n[[net]]\noutput=[1.0]\noutput_bias=0.0\n",
        )
        .unwrap_err();
        assert!(e.contains("outside"), "{e}");
        let e = Model::parse("features = [\"dice\"]\nmean=[0.0]\nscale=[1.0]\nthreshold=0.5\n[[net]]\nhidden=[[1.0]]\nhidden_bias=[]\noutput=[1.0]\noutput_bias=0.0\n")
            .unwrap_err();
        assert!(e.contains("net 1"), "{e}");
        let e = Model::parse("features = [\"dice\"\n").unwrap_err();
        assert!(e.starts_with("line 1"), "{e}");
    }
}
