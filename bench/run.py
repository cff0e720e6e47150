"""`make bench`: every benchmark in turn, each printing its own figures."""

from bench import comments

if __name__ == "__main__":
    comments.main()
