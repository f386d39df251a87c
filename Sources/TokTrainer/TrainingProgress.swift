/// Progress of a training run, reported to an optional callback.
public struct TrainingProgress: Sendable, Equatable {
    /// A phase of training.
    public enum Phase: String, Sendable {
        /// Reading, normalizing and pre-tokenizing the corpus (units: chunks of text).
        case counting
        /// Learning merges (units: new tokens).
        case merging
    }

    /// The current phase.
    public let phase: Phase
    /// Units done so far.
    public let completed: Int
    /// Units in the phase.
    public let total: Int

    /// A progress report.
    public init(phase: Phase, completed: Int, total: Int) {
        self.phase = phase
        self.completed = completed
        self.total = total
    }
}
