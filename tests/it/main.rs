//! One integration-test binary: throwaway courses driven through the real `mirror` binary,
//! with the real python and dotnet.
mod support;

mod course;
mod environments;
mod pages;
mod reports;
mod runner;
mod sandbox;
