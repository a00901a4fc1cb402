import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { EMPTY_MY_MEDS, type MyMedsAction, myMedsReducer, type MyMedsState } from '../lib/my-meds';
import { KEYS, load, save } from './storage';

/** 我的常用药 on the device: read when a page shows (another page may have added to it), saved on every change. */
export function useMyMeds(): [MyMedsState, (a: MyMedsAction) => void] {
  const [state, setState] = useState<MyMedsState>(() => load<MyMedsState>(KEYS.myMeds, EMPTY_MY_MEDS));
  useDidShow(() => setState(load<MyMedsState>(KEYS.myMeds, EMPTY_MY_MEDS)));
  const dispatch = useCallback((a: MyMedsAction) => {
    const next = myMedsReducer(load<MyMedsState>(KEYS.myMeds, EMPTY_MY_MEDS), a);
    save(KEYS.myMeds, next);
    setState(next);
  }, []);
  return [state, dispatch];
}
