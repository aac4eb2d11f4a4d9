//! One integration-test binary: throwaway courses driven through the real `mirror` binary,
//! with the real python and dotnet.
mod support;

mod cache;
mod cli;
mod containment;
mod course;
mod drift;
mod engine;
mod environments;
mod healing;
mod hostile;
mod pages;
mod practice;
mod reports;
mod runner;
mod sandbox;
mod serve;
mod watch;
