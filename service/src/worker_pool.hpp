#pragma once
// The request workers httplib hands accepted connections to. httplib's own
// ThreadPool lets the exception of a thread the system refuses out of its
// constructor with the threads it had started still waiting, and then hangs
// destroying their condition variable: the server had logged its start and
// neither answered nor stopped. This pool keeps the threads that started
// and says how many did.
#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace baton::service {

class WorkerPool final : public httplib::TaskQueue {
 public:
  // Starts up to `n` threads: fewer when the system refuses one (error()
  // says why).
  explicit WorkerPool(unsigned n);
  ~WorkerPool() override;  // shutdown(), if not done yet

  unsigned started() const { return static_cast<unsigned>(threads_.size()); }
  const std::string& error() const { return error_; }

  void enqueue(std::function<void()> fn) override;
  // Runs the jobs already queued, then joins every thread.
  void shutdown() override;

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  bool closing_ = false;
  std::vector<std::thread> threads_;
  std::string error_;
};

}  // namespace baton::service
