/* Decides each file named on the command line against a store, in order,
 * and prints one line per file: its id, its relation and its cluster.
 * Build: cc example.c $(pkg-config --cflags --libs newsdedup)
 * Run:   ./a.out STORE_DIR FILE... */
#include <newsdedup/c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  char* data = NULL;
  long size;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
      fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)size + 1))) {
    *len = fread(data, 1, (size_t)size, f);
  }
  fclose(f);
  return data;
}

int main(int argc, char** argv) {
  char* err = NULL;
  newsdedup_t* db;
  int i, status = 0;
  if (argc < 3) {
    fprintf(stderr, "usage: %s STORE_DIR FILE...\n", argv[0]);
    return 2;
  }
  db = newsdedup_open(NULL, argv[1], &err);
  if (db == NULL) {
    fprintf(stderr, "%s\n", err);
    newsdedup_free(err);
    return 1;
  }
  for (i = 2; i < argc; ++i) {
    /* The id: the file's name without its folder and extension. */
    const char* slash = strrchr(argv[i], '/');
    const char* base = slash ? slash + 1 : argv[i];
    size_t id_len = strcspn(base, "."), body_len = 0;
    char* body = read_file(argv[i], &body_len);
    newsdedup_article_t* article = newsdedup_article_create();
    newsdedup_decision_t* decision;
    newsdedup_article_set_id(article, base, id_len);
    newsdedup_article_set_body(article, body ? body : "", body_len);
    decision = newsdedup_add(db, article, &err);
    if (decision == NULL) {
      fprintf(stderr, "%s: %s\n", argv[i], err);
      newsdedup_free(err);
      err = NULL;
      status = 1;
    } else {
      printf("%s %s %s\n", newsdedup_decision_article_id(decision),
             newsdedup_decision_relation(decision),
             newsdedup_decision_cluster_id(decision));
      newsdedup_decision_destroy(decision);
    }
    newsdedup_article_destroy(article);
    free(body);
  }
  newsdedup_close(db);
  return status;
}
