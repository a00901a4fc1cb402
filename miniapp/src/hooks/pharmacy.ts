import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import type { AdjustToCapResult, UploadResult, MeResponse, MyOfferPatch, MyOfferUpdated, ShortageCreateBody, ShortageCreated } from '@yaojia/shared';
import { api, ApiError } from '../api';
import { routes } from '../lib/routes';
import { KEYS, load, save } from '../store/storage';
import { useAsync, type AsyncState } from './useAsync';

/**
 * 药店自查 data hooks. The token the bureau issued stays in device storage; every /me call carries it,
 * and a 401 (expired, revoked, unknown) clears it and returns to the sign-in page.
 */

export function loadPharmacyToken(): string | null {
  return load<string | null>(KEYS.pharmacyToken, null);
}

export function savePharmacyToken(token: string | null): void {
  save(KEYS.pharmacyToken, token);
}

function backToSignIn(): void {
  savePharmacyToken(null);
  void Taro.redirectTo({ url: routes.pharmacySignIn({ expired: true }) });
}

/** The stored token; pages without one go to the sign-in page. */
export function usePharmacyToken(): string | null {
  const [token] = useState(loadPharmacyToken);
  useEffect(() => {
    if (!token) void Taro.redirectTo({ url: routes.pharmacySignIn() });
  }, [token]);
  return token;
}

function useMeAsync<T>(fn: (token: string) => Promise<T>, token: string | null, name: string): AsyncState<T> {
  const state = useAsync(() => fn(token as string), token ? `me:${name}:${token}` : null);
  useEffect(() => {
    if (state.error?.status === 401) backToSignIn();
  }, [state.error]);
  return state;
}

export function useMe(token: string | null) {
  return useMeAsync((t) => api.me.profile(t), token, 'profile');
}

export function useMyCompliance(token: string | null) {
  return useMeAsync((t) => api.me.compliance(t), token, 'compliance');
}

export function useMyListing(token: string | null) {
  return useMeAsync((t) => api.me.listing(t), token, 'listing');
}

/** Checks a pasted token against GET /api/v1/me; keeps it only when the API accepts it. */
export function useSignIn() {
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const signIn = useCallback(async (token: string): Promise<MeResponse | null> => {
    setChecking(true);
    setError(null);
    try {
      const me = await api.me.profile(token);
      savePharmacyToken(token);
      return me;
    } catch (e) {
      savePharmacyToken(null);
      const err = e instanceof ApiError ? e : new ApiError('登录失败，请重试', 0, 'UNKNOWN');
      setError(err.status === 401 ? new ApiError('令牌无效、已过期或已被撤销，请向医保部门重新申请', 401, err.code) : err);
      return null;
    } finally {
      setChecking(false);
    }
  }, []);
  return { signIn, checking, error };
}

export function signOut(): void {
  savePharmacyToken(null);
}

function useMeMutation<A, R>(call: (token: string, arg: A) => Promise<R>) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<R | null>(null);
  const submit = useCallback(
    async (token: string, arg: A): Promise<R | null> => {
      setSubmitting(true);
      setError(null);
      try {
        const r = await call(token, arg);
        setResult(r);
        return r;
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError('提交失败，请重试', 0, 'UNKNOWN');
        if (err.status === 401) backToSignIn();
        setError(err);
        return null;
      } finally {
        setSubmitting(false);
      }
    },
    [call],
  );
  return { submit, submitting, error, result };
}

const updateOffer = (token: string, a: { code: string; body: MyOfferPatch }) => api.me.updateOffer(token, a.code, a.body);
const reportShortage = (token: string, body: ShortageCreateBody) => api.me.reportShortage(token, body);

export function useUpdateOffer() {
  return useMeMutation<{ code: string; body: MyOfferPatch }, MyOfferUpdated>(updateOffer);
}

export function useReportShortage() {
  return useMeMutation<ShortageCreateBody, ShortageCreated>(reportShortage);
}

const adjustToCap = (token: string, codes: string[]) => api.me.adjustToCap(token, { codes });

/** 一键按规定价调整 (the previewed codes, one transaction on the server) */
export function useAdjustToCap() {
  return useMeMutation<string[], AdjustToCapResult>(adjustToCap);
}

export function useMyShortages(token: string | null) {
  return useMeAsync((t) => api.me.shortages(t), token, 'shortages');
}

const uploadPrices = (token: string, csv: string) => api.me.uploadPrices(token, csv);

/** CSV 批量上报: all rows or none; a refusal lists every problem by row and column. */
export function useUploadPrices() {
  return useMeMutation<string, UploadResult>(uploadPrices);
}
